r"""Four optimizers with an L2 penalty or weight decay, on the 2-D quadratic (numpy only).

The objective is the quadratic of section 7.1.1 with :math:`J(\boldsymbol w^\ast)=0`,
:math:`J(\boldsymbol w)=\tfrac12(\boldsymbol w-\boldsymbol w^\ast)^\top\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)`,
whose gradient is :math:`\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)` (7.7). Gradients are
exact (full batch), so every run is deterministic.

``alpha`` is always the coefficient that multiplies :math:`\boldsymbol w` in the update,
the same role as the :math:`\alpha` of (7.4)-(7.5):

- ``"sgd_l2"``: add :math:`\alpha\boldsymbol w` to the gradient (7.3), then step (7.4).
- ``"sgd_decay"``: multiply by :math:`1-\epsilon\alpha`, then step (7.5). Same as ``"sgd_l2"``
  up to rounding.
- ``"adam_l2"``: Adam (Kingma & Ba 2015, Algorithm 1) on the gradient plus
  :math:`\alpha\boldsymbol w`; the penalty's gradient is rescaled by Adam like any other.
- ``"adamw"``: Adam with decoupled weight decay (Loshchilov & Hutter 2019, Algorithm 2):
  :math:`\boldsymbol w\leftarrow\boldsymbol w-\epsilon\,(\hat{\boldsymbol m}/(\sqrt{\hat{\boldsymbol v}}+\varepsilon)+\alpha\boldsymbol w)`.
  The paper writes the decay as :math:`\eta_t\lambda`; with schedule multiplier
  :math:`\eta_t=1` this module's ``alpha`` is :math:`\lambda/\epsilon` (the convention of
  ``torch.optim.AdamW``, whose ``weight_decay`` is multiplied by the learning rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    _check_real_scalar,
    as_vector,
    check_alpha,
    check_count,
    check_positive,
    check_symmetric_psd,
)

__all__ = ["OPTIMIZERS", "OptimizerRun", "run_optimizer"]

#: The method names :func:`run_optimizer` accepts.
OPTIMIZERS = ("sgd_l2", "sgd_decay", "adam_l2", "adamw")


@dataclass(frozen=True)
class OptimizerRun:
    """The trajectory of one run and Adam's final moment estimates.

    Attributes
    ----------
    path : ndarray of shape (num_steps + 1, p)
        첫 행은 시작점, 마지막 행은 마지막 걸음의 결과.
    m_hat, v_hat : ndarray of shape (p,) or None
        마지막 걸음에서 쓴 편향 보정된 1차·2차 모멘트 추정값 (Adam 계열만, SGD는 None).
    """

    path: np.ndarray
    m_hat: np.ndarray | None
    v_hat: np.ndarray | None

    @property
    def end(self) -> np.ndarray:
        """The last point of the path."""
        return self.path[-1]


def _check_beta(value, name):
    value = _check_real_scalar(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def run_optimizer(method, H, w_star, w0, *, lr, alpha, num_steps,
                  beta1=0.9, beta2=0.999, eps=1e-8) -> OptimizerRun:
    r"""Run one optimizer on :math:`J(\boldsymbol w)=\tfrac12(\boldsymbol w-\boldsymbol w^\ast)^\top\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)`.

    Parameters
    ----------
    method : {"sgd_l2", "sgd_decay", "adam_l2", "adamw"}
        갱신 규칙 (모듈 설명 참고).
    H : array_like of shape (p, p)
        헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.
    w0 : array_like of shape (p,)
        시작점.
    lr : float
        학습률 epsilon (> 0).
    alpha : float
        정칙화 강도 (>= 0), L2 페널티 또는 가중치 감쇠에 씁니다.
    num_steps : int
        걸음 수 (>= 0).
    beta1, beta2 : float, default=0.9, 0.999
        Adam의 지수 이동 평균 계수, [0, 1) 안. SGD에서는 쓰지 않습니다.
    eps : float, default=1e-8
        Adam 분모의 작은 양수.

    Returns
    -------
    OptimizerRun

    Raises
    ------
    ValueError, TypeError
        인자가 잘못되었을 때 (이름과 값을 알려 줌).
    """
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, one of {OPTIMIZERS}, got {type(method).__name__} {method!r}")
    if method not in OPTIMIZERS:
        raise ValueError(f"method must be one of {OPTIMIZERS}, got {method!r}")
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
    w = as_vector(w0, "w0", size=H.shape[0]).copy()
    lr = check_positive(lr, "lr")
    alpha = check_alpha(alpha)
    num_steps = check_count(num_steps, "num_steps")
    beta1 = _check_beta(beta1, "beta1")
    beta2 = _check_beta(beta2, "beta2")
    eps = check_positive(eps, "eps")

    path = np.empty((num_steps + 1, w.size))
    path[0] = w
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    m_hat = v_hat = None
    for t in range(1, num_steps + 1):
        grad = H @ (w - w_star)  # (7.7)
        if method == "sgd_l2":
            w = w - lr * (alpha * w + grad)  # (7.4)
        elif method == "sgd_decay":
            w = (1.0 - lr * alpha) * w - lr * grad  # (7.5)
        else:
            g = grad + alpha * w if method == "adam_l2" else grad
            m = beta1 * m + (1.0 - beta1) * g
            v = beta2 * v + (1.0 - beta2) * g * g
            m_hat = m / (1.0 - beta1**t)
            v_hat = v / (1.0 - beta2**t)
            step = m_hat / (np.sqrt(v_hat) + eps)
            if method == "adamw":
                step = step + alpha * w  # decoupled: not divided by sqrt(v_hat)
            w = w - lr * step
        path[t] = w
    return OptimizerRun(path=path, m_hat=m_hat, v_hat=v_hat)

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
  :math:`\eta_t=1` the paper's :math:`\lambda` is this module's :math:`\epsilon\alpha`, so
  ``alpha`` is :math:`\lambda/\epsilon`. ``torch.optim.AdamW``, Keras and ``optax.adamw`` multiply
  their ``weight_decay`` by the learning rate: their ``weight_decay`` is this ``alpha``.

Where AdamW ends (Xie & Li, ICML 2024, "Implicit Bias of AdamW: l-infinity norm constrained
optimization"): if the run converges, its limit is a KKT point of
:math:`\min J(\boldsymbol w)` subject to :math:`\|\boldsymbol w\|_\infty\le1/\alpha`, not the
minimizer of an L2-penalized objective. :func:`linf_constrained_minimizer` computes that point
for the quadratic here, so a page can compare a long run with it.
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

__all__ = ["OPTIMIZERS", "OptimizerRun", "linf_constrained_minimizer", "run_optimizer"]

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


def linf_constrained_minimizer(H, w_star, radius, *, tol=1e-12, max_iter=100_000) -> np.ndarray:
    r"""The minimizer of the quadratic J inside the box :math:`\|\boldsymbol w\|_\infty\le r`.

    Solves :math:`\min_{\boldsymbol w}\tfrac12(\boldsymbol w-\boldsymbol w^\ast)^\top\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)`
    subject to :math:`|w_i|\le r` for every i, by projected gradient descent with step
    :math:`1/\lambda_{\max}(\boldsymbol H)`: a gradient step, then every coordinate clipped to
    :math:`[-r, r]`. For AdamW with decay coefficient ``alpha`` the box is ``radius = 1 / alpha``.

    Parameters
    ----------
    H : array_like of shape (p, p)
        헤시안 (대칭, 양의 준정부호, 0이 아님).
    w_star : array_like of shape (p,)
        제약이 없을 때의 최소점.
    radius : float
        상자의 반지름 r (> 0).
    tol : float, default=1e-12
        한 번 반복해서 움직인 거리의 최댓값이 이보다 작으면 멈춥니다.
    max_iter : int, default=100000
        반복 횟수의 상한. 넘으면 RuntimeError.

    Returns
    -------
    w : ndarray of shape (p,)
        상자 안의 최소점. ``w_star`` 가 상자 안에 있으면 ``w_star`` 그 자체입니다.

    Raises
    ------
    ValueError, TypeError
        인자가 잘못되었을 때.
    RuntimeError
        ``max_iter`` 번 안에 수렴하지 않았을 때.

    Notes
    -----
    KKT conditions at the answer, with :math:`\boldsymbol g=\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)`:
    :math:`g_i=0` where :math:`|w_i|<r`, and :math:`-\mathrm{sign}(w_i)\,g_i\ge0` where :math:`|w_i|=r`.
    """
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
    radius = check_positive(radius, "radius")
    tol = check_positive(tol, "tol")
    max_iter = check_count(max_iter, "max_iter", minimum=1)
    top = float(np.linalg.eigvalsh(H)[-1])
    if top <= 0.0:
        raise ValueError("H must not be zero: every point of the box would be a minimizer")
    w = np.clip(w_star, -radius, radius)
    for _ in range(max_iter):
        # projected gradient step: w <- clip(w - H (w - w*) / lambda_max, -r, r)
        new = np.clip(w - H @ (w - w_star) / top, -radius, radius)
        if np.abs(new - w).max() < tol:
            return new
        w = new
    raise RuntimeError(f"linf_constrained_minimizer did not converge in {max_iter} iterations (tol={tol!r})")

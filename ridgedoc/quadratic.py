"""The quadratic model of section 7.1.1 and its L2-regularized minimizer (numpy only).

Notation follows the book: ``H`` is the Hessian of J at the unregularized minimizer
``w_star`` (symmetric positive semidefinite), ``alpha`` the penalty weight,
``w_tilde`` the regularized minimizer, ``lr`` the learning rate (epsilon in the book).
"""

from __future__ import annotations

import numpy as np

from ._kernels import shrink
from ._validation import (
    as_vector,
    check_alpha,
    check_alphas,
    check_count,
    check_positive,
    check_symmetric_psd,
)

__all__ = [
    "objective",
    "gradient",
    "regularized_objective",
    "regularized_gradient",
    "eigh_psd",
    "shrinkage_factors",
    "effective_parameters",
    "w_tilde_solve",
    "w_tilde_eig",
    "w_tilde_limit",
    "regularization_path",
    "penalized_gradient_step",
    "weight_decay_step",
    "max_stable_lr",
    "gradient_descent",
]

# Eigenvalues below this fraction of the largest one count as zero curvature.
RANK_RTOL = 1e-12


def _problem(H, w_star):
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
    return H, w_star


def objective(w, H, w_star, J_star: float = 0.0) -> float:
    r"""Quadratic approximation :math:`\hat J` around ``w_star`` (7.6).

    Parameters
    ----------
    w : array_like of shape (p,)
        평가할 점.
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.
    J_star : float, default=0.0
        최소값 :math:`J(\boldsymbol w^\ast)`.

    Returns
    -------
    float

    Notes
    -----
    .. math:: \hat J(\boldsymbol w) = J(\boldsymbol w^\ast)
              + \tfrac12 (\boldsymbol w-\boldsymbol w^\ast)^\top \boldsymbol H (\boldsymbol w-\boldsymbol w^\ast)
    """
    H, w_star = _problem(H, w_star)
    w = as_vector(w, "w", size=H.shape[0])
    d = w - w_star
    return float(J_star + 0.5 * d @ H @ d)


def gradient(w, H, w_star) -> np.ndarray:
    r"""Gradient of :math:`\hat J`: :math:`\boldsymbol H(\boldsymbol w-\boldsymbol w^\ast)` (7.7).

    Parameters
    ----------
    w : array_like of shape (p,)
        가중치.
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.

    Returns
    -------
    ndarray of shape (p,)
    """
    H, w_star = _problem(H, w_star)
    w = as_vector(w, "w", size=H.shape[0])
    return H @ (w - w_star)


def regularized_objective(w, H, w_star, alpha, J_star: float = 0.0) -> float:
    r"""Regularized objective :math:`\tilde J = \hat J + \frac{\alpha}{2}\boldsymbol w^\top\boldsymbol w` (7.2).

    Parameters
    ----------
    w : array_like of shape (p,)
        가중치.
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.
    alpha : float
        정칙화 강도, 0 이상.
    J_star : float, default=0.0
        최소값 :math:`J(\boldsymbol w^\ast)`.

    Returns
    -------
    float
    """
    alpha = check_alpha(alpha)
    w = as_vector(w, "w")
    return objective(w, H, w_star, J_star) + 0.5 * alpha * float(w @ w)


def regularized_gradient(w, H, w_star, alpha) -> np.ndarray:
    r"""Gradient of :math:`\tilde J`: :math:`\alpha\boldsymbol w + \nabla_{\boldsymbol w} J` (7.3).

    Parameters
    ----------
    w : array_like of shape (p,)
        가중치.
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    ndarray of shape (p,)
    """
    alpha = check_alpha(alpha)
    g = gradient(w, H, w_star)
    return alpha * np.asarray(w, dtype=float) + g


def eigh_psd(H) -> tuple[np.ndarray, np.ndarray]:
    r"""Eigendecomposition :math:`\boldsymbol H = \boldsymbol Q\boldsymbol\Lambda\boldsymbol Q^\top`.

    Parameters
    ----------
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).

    Returns
    -------
    eigvals : ndarray of shape (p,)
        고윳값, 오름차순. 반올림 오차로 생긴 아주 작은 음수는 0으로 자릅니다.
    Q : ndarray of shape (p, p)
        열이 정규직교 고유벡터인 행렬.
    """
    H = check_symmetric_psd(H, "H")
    eigvals, Q = np.linalg.eigh(H)
    return np.clip(eigvals, 0.0, None), Q


def shrinkage_factors(eigvals, alpha) -> np.ndarray:
    r"""Shrinkage factors :math:`\lambda_i/(\lambda_i+\alpha)` (the diagonal of 7.13).

    For ``alpha == 0`` the value is the limit as alpha -> 0+: 1 where
    :math:`\lambda_i>0` and 0 where :math:`\lambda_i=0`.

    Parameters
    ----------
    eigvals : array_like of shape (p,)
        헤시안의 고윳값 (모두 0 이상).
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    ndarray of shape (p,)
        각 값은 [0, 1] 안에 있고, alpha > 0이면 [0, 1) 안에 있습니다.
    """
    lam = as_vector(eigvals, "eigvals")
    if np.any(lam < 0):
        raise ValueError(f"eigvals must all be >= 0 (H is positive semidefinite), got minimum {float(lam.min())!r}")
    alpha = check_alpha(alpha)
    if alpha == 0.0:
        return (lam > 0).astype(float)
    # d_i = lambda_i / (lambda_i + alpha)
    return lam / (lam + alpha)


def effective_parameters(eigvals, alpha) -> float:
    r"""Effective number of parameters :math:`\sum_i \lambda_i/(\lambda_i+\alpha)`.

    It falls from rank(H) at alpha = 0 to 0 as alpha grows.

    Parameters
    ----------
    eigvals : array_like of shape (p,)
        헤시안의 고윳값 (모두 0 이상).
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    float
    """
    return float(np.sum(shrinkage_factors(eigvals, alpha)))


def w_tilde_solve(H, w_star, alpha) -> np.ndarray:
    r"""Regularized minimizer by a linear solve of (7.9), i.e. formula (7.10).

    :math:`(\boldsymbol H+\alpha\boldsymbol I)\tilde{\boldsymbol w}=\boldsymbol H\boldsymbol w^\ast`.
    For ``alpha > 0`` the matrix is positive definite and a Cholesky factorization is
    used (never an explicit inverse). For ``alpha == 0`` the limit alpha -> 0+ is
    returned (see :func:`w_tilde_limit`), which equals ``w_star`` when H is invertible.

    Parameters
    ----------
    H : array_like of shape (p, p)
    w_star : array_like of shape (p,)
    alpha : float
        0 이상.

    Returns
    -------
    w_tilde : ndarray of shape (p,)
    """
    H, w_star = _problem(H, w_star)
    alpha = check_alpha(alpha)
    if alpha == 0.0:
        return w_tilde_limit(H, w_star)
    A = H + alpha * np.eye(H.shape[0])
    try:
        L = np.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        # H passed the PSD check within its rounding tolerance, but alpha is too small to
        # make H + alpha I numerically positive definite: use the eigen form, which
        # treats those rounding-level negative eigenvalues as zero curvature.
        H, w_star = _problem(H, w_star)
    return _path(H, w_star, np.array([alpha]))[0]
    # A w = H w*  ->  L z = H w*,  L^T w = z
    z = np.linalg.solve(L, H @ w_star)
    return np.linalg.solve(L.T, z)


def w_tilde_eig(H, w_star, alpha) -> np.ndarray:
    r"""Regularized minimizer by the eigendecomposition, formula (7.13).

    :math:`\tilde{\boldsymbol w}=\boldsymbol Q(\boldsymbol\Lambda+\alpha\boldsymbol I)^{-1}\boldsymbol\Lambda\boldsymbol Q^\top\boldsymbol w^\ast`:
    rotate into the eigenbasis, scale coordinate i by :math:`\lambda_i/(\lambda_i+\alpha)`,
    rotate back.

    Parameters
    ----------
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    ndarray of shape (p,)
    """
    alpha = check_alpha(alpha)  # so that errors name ``alpha``, and a list is not taken as alphas
    H, w_star = _problem(H, w_star)
    return _path(H, w_star, np.array([alpha]))[0]


def w_tilde_limit(H, w_star) -> np.ndarray:
    r"""Limit of :math:`\tilde{\boldsymbol w}(\alpha)` as alpha -> 0+.

    The projection of ``w_star`` onto the range of H: directions with zero curvature
    are set to zero for every alpha > 0, so they stay zero in the limit. When H is
    invertible this is ``w_star`` itself.

    Parameters
    ----------
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
        정칙화하지 않은 최소점.

    Returns
    -------
    ndarray of shape (p,)
    """
    H, w_star = _problem(H, w_star)
    eigvals, Q = np.linalg.eigh(H)
    keep = eigvals > RANK_RTOL * max(float(eigvals[-1]), 0.0)
    Qr = Q[:, keep]
    return Qr @ (Qr.T @ w_star)


def regularization_path(H, w_star, alphas) -> np.ndarray:
    r"""The path :math:`\tilde{\boldsymbol w}(\alpha)` for many alphas from ONE eigendecomposition.

    Cost O(p^3 + k p^2) for k alphas instead of k linear solves.

    Parameters
    ----------
    H : array_like of shape (p, p)
    w_star : array_like of shape (p,)
    alphas : array_like of shape (k,)
        0 이상의 값들. 0은 극한 alpha -> 0+ 로 해석합니다.

    Returns
    -------
    ndarray of shape (k, p)
        i번째 행이 ``alphas[i]``에서의 해입니다.
    """
    H, w_star = _problem(H, w_star)
    return _path(H, w_star, check_alphas(alphas))


def _path(H: np.ndarray, w_star: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """The path (k, p) for a validated problem and alphas, from one eigendecomposition."""
    eigvals, Q = np.linalg.eigh(H)
    eigvals = np.where(eigvals > RANK_RTOL * max(float(eigvals[-1]), 0.0), eigvals, 0.0)
    coords = Q.T @ w_star  # w* in the eigenbasis (rotation Q^T)
    return (shrink(eigvals, alphas) * coords) @ Q.T  # scaling, then rotation back by Q


def penalized_gradient_step(w, grad, lr, alpha) -> np.ndarray:
    r"""One step of (7.4): :math:`\boldsymbol w-\epsilon(\alpha\boldsymbol w+\nabla_{\boldsymbol w}J)`.

    Parameters
    ----------
    w : array_like of shape (p,)
        현재 가중치.
    grad : array_like of shape (p,)
        ``w``에서의 기울기 :math:`\nabla_{\boldsymbol w}J`.
    lr : float
        학습률 :math:`\epsilon`, 양수.
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    ndarray of shape (p,)
        한 걸음 뒤의 가중치.
    """
    w = as_vector(w, "w")
    grad = as_vector(grad, "grad", size=w.shape[0], match="w")
    lr = check_positive(lr, "lr")
    alpha = check_alpha(alpha)
    return w - lr * (alpha * w + grad)


def weight_decay_step(w, grad, lr, alpha) -> np.ndarray:
    r"""One step of (7.5): :math:`(1-\epsilon\alpha)\boldsymbol w-\epsilon\nabla_{\boldsymbol w}J`.

    The weights are first multiplied by the constant ``1 - lr * alpha`` (weight decay),
    then the ordinary gradient step is taken.

    Parameters
    ----------
    w : array_like of shape (p,)
        현재 가중치.
    grad : array_like of shape (p,)
        ``w``에서의 기울기 :math:`\nabla_{\boldsymbol w}J`.
    lr : float
        학습률 :math:`\epsilon`, 양수.
    alpha : float
        정칙화 강도, 0 이상.

    Returns
    -------
    ndarray of shape (p,)
        한 걸음 뒤의 가중치.
    """
    w = as_vector(w, "w")
    grad = as_vector(grad, "grad", size=w.shape[0], match="w")
    lr = check_positive(lr, "lr")
    alpha = check_alpha(alpha)
    return (1.0 - lr * alpha) * w - lr * grad


def max_stable_lr(H, alpha=0.0) -> float:
    r"""Largest learning rate for which gradient descent on :math:`\tilde J` converges: 2/(lambda_max + alpha).

    Steps with ``lr`` at or above this bound do not converge (the iteration matrix
    :math:`\boldsymbol I-\epsilon(\boldsymbol H+\alpha\boldsymbol I)` has an eigenvalue of modulus >= 1).

    Parameters
    ----------
    H : array_like of shape (p, p)
        ``w_star``에서의 헤시안 (대칭, 양의 준정부호).
    alpha : float, default=0.0
        정칙화 강도, 0 이상.

    Returns
    -------
    float
        ``H``의 가장 큰 고윳값과 ``alpha``가 모두 0이면 ``inf``.
    """
    H = check_symmetric_psd(H, "H")
    alpha = check_alpha(alpha)
    lam_max = float(np.linalg.eigvalsh(H)[-1])
    if lam_max + alpha == 0.0:
        return float("inf")
    return 2.0 / (lam_max + alpha)


def gradient_descent(H, w_star, w0, lr, num_steps, alpha=0.0) -> np.ndarray:
    r"""Gradient descent on :math:`\tilde J` with the weight-decay update (7.5).

    With ``alpha=0`` this is plain gradient descent on :math:`\hat J`.

    Parameters
    ----------
    H : array_like of shape (p, p)
    w_star : array_like of shape (p,)
    w0 : array_like of shape (p,)
        시작점.
    lr : float
        학습률 epsilon. 0 < lr < 2/(lambda_max + alpha) 이어야 합니다.
    num_steps : int
        반복 횟수 (0 이상).
    alpha : float, default=0.0

    Returns
    -------
    trajectory : ndarray of shape (num_steps + 1, p)
        첫 행은 ``w0``, 마지막 행은 마지막 반복의 결과입니다.

    Raises
    ------
    ValueError
        lr이 발산하는 값이면 경계 2/(lambda_max + alpha)를 알려 줍니다.
    """
    H, w_star = _problem(H, w_star)
    w = as_vector(w0, "w0", size=H.shape[0])
    lr = check_positive(lr, "lr")
    alpha = check_alpha(alpha)
    num_steps = check_count(num_steps, "num_steps")
    bound = max_stable_lr(H, alpha)
    if lr >= bound:
        raise ValueError(
            f"lr={lr!r} makes gradient descent diverge or oscillate forever: "
            f"it must be < 2/(lambda_max + alpha) = {bound:.6g}"
        )
    out = np.empty((num_steps + 1, w.shape[0]))
    out[0] = w
    for k in range(num_steps):
        grad = H @ (w - w_star)  # (7.7)
        w = (1.0 - lr * alpha) * w - lr * grad  # (7.5)
        out[k + 1] = w
    return out

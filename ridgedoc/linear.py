r"""Linear regression with an L2 penalty: equations (7.14)-(7.17) (numpy only).

Convention (stated once, used everywhere in ridgedoc):

.. math:: \min_{\boldsymbol w}\ (\boldsymbol X\boldsymbol w-\boldsymbol y)^\top(\boldsymbol X\boldsymbol w-\boldsymbol y)
          + \alpha\,\boldsymbol w^\top\boldsymbol w

whose minimizer is exactly (7.17), :math:`(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I)^{-1}\boldsymbol X^\top\boldsymbol y`.
This is also scikit-learn's ``Ridge(alpha, fit_intercept=False)``. The book's (7.15)
writes the penalty as :math:`\tfrac12\alpha\boldsymbol w^\top\boldsymbol w`; minimizing that
literally gives :math:`(\boldsymbol X^\top\boldsymbol X+\tfrac{\alpha}{2}\boldsymbol I)^{-1}\boldsymbol X^\top\boldsymbol y`
(see :func:`penalty_for_book_715`). No intercept is fitted: center or standardize first.
"""

from __future__ import annotations

import numpy as np

from ._kernels import shrink, svd_cutoff
from ._validation import as_matrix, as_vector, check_alpha, check_alphas

__all__ = [
    "least_squares",
    "ridge",
    "ridge_path",
    "ridge_effective_parameters",
    "loo_errors",
    "penalty_for_book_715",
    "standardize",
]


def _check_xy(X, y):
    X = as_matrix(X, "X")
    y = as_vector(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"Number of samples in X and y does not correspond: {X.shape[0]} != {y.shape[0]}"
        )
    return X, y


def _ridge_svd(X: np.ndarray, y: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Ridge weights (k, p) for validated X, y and alphas, from one SVD."""
    U, s, Vt = svd_cutoff(X)
    # d_ki = s_i / (s_i^2 + alpha_k) = shrink(s^2, alpha) / s_i; zero where s_i is cut off
    d = np.divide(shrink(s**2, alphas), s, out=np.zeros((alphas.size, s.size)), where=s > 0)
    return (d * (U.T @ y)) @ Vt


def least_squares(X, y) -> np.ndarray:
    r"""Least-squares weights (7.16), :math:`(\boldsymbol X^\top\boldsymbol X)^{-1}\boldsymbol X^\top\boldsymbol y`.

    Computed by the SVD (``numpy.linalg.lstsq`` style), never through the normal
    equations, so an ill-conditioned X loses as little precision as possible. For a
    rank-deficient X the minimum-norm solution is returned.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)

    Returns
    -------
    w : ndarray of shape (n_features,)
    """
    X, y = _check_xy(X, y)
    return _ridge_svd(X, y, np.zeros(1))[0]


def ridge(X, y, alpha, *, method: str = "svd") -> np.ndarray:
    r"""Ridge weights (7.17) for the penalty :math:`\alpha\boldsymbol w^\top\boldsymbol w`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alpha : float
        0 이상. 0이면 최소제곱 (7.16)과 같습니다.
    method : {"svd", "cholesky"}, default="svd"
        ``"svd"``: :math:`\boldsymbol w=\boldsymbol V\,\mathrm{diag}(s_i/(s_i^2+\alpha))\,\boldsymbol U^\top\boldsymbol y`.
        ``"cholesky"``: :math:`\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I` 의 촐레스키 분해로
        정규 방정식을 풉니다 (alpha > 0 필요).

    Returns
    -------
    w : ndarray of shape (n_features,)
    """
    X, y = _check_xy(X, y)
    alpha = check_alpha(alpha)
    if method == "svd":
        return _ridge_svd(X, y, np.array([alpha]))[0]
    if method == "cholesky":
        if alpha == 0.0:
            raise ValueError("method='cholesky' needs alpha > 0 (X^T X may be singular); use method='svd'")
        A = X.T @ X + alpha * np.eye(X.shape[1])
        L = np.linalg.cholesky(A)
        z = np.linalg.solve(L, X.T @ y)
        return np.linalg.solve(L.T, z)
    raise ValueError(f"method must be 'svd' or 'cholesky', got {method!r}")


def ridge_path(X, y, alphas) -> np.ndarray:
    r"""Ridge weights for many alphas from ONE SVD of X (the ridge trace).

    :math:`\boldsymbol w(\alpha)=\boldsymbol V\,\mathrm{diag}\!\left(\frac{s_i}{s_i^2+\alpha}\right)\boldsymbol U^\top\boldsymbol y`.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features)
    """
    X, y = _check_xy(X, y)
    alphas = check_alphas(alphas)
    return _ridge_svd(X, y, alphas)


def ridge_effective_parameters(X, alphas) -> np.ndarray:
    r"""Effective number of parameters :math:`\sum_i s_i^2/(s_i^2+\alpha)` of ridge on X.

    The eigenvalues of :math:`\boldsymbol X^\top\boldsymbol X` are the squared singular values,
    so this is the same sum as :func:`ridgedoc.effective_parameters` with H = XᵀX.
    """
    X = as_matrix(X, "X")
    alphas = check_alphas(alphas)
    _, s, _ = svd_cutoff(X)  # same rank cut-off as ridge_path
    return shrink(s**2, alphas).sum(axis=1)


def loo_errors(X, y, alphas, *, fit_intercept: bool = False) -> np.ndarray:
    r"""Leave-one-out mean squared error of ridge for each alpha, in closed form.

    With the hat matrix :math:`\boldsymbol S_\alpha=\boldsymbol X(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I)^{-1}\boldsymbol X^\top`,
    the residual of sample i when it is left out is :math:`e_i/(1-h_i)`, where
    :math:`e_i` is the ordinary residual and :math:`h_i=S_{ii}`. One SVD serves every alpha.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alphas : array_like of shape (n_alphas,)
        0 이상.
    fit_intercept : bool, default=False
        ``False``: 절편 없는 모형 (X와 y를 그대로 씀). 미리 평균을 뺀 y를 넘기면, 뺀 관측치의
        타깃까지 섞인 평균을 쓰는 셈이라 LOO가 실제보다 작게 나옵니다.
        ``True``: 페널티 없는 절편을 관측치를 뺄 때마다 다시 맞춥니다. X와 y의 평균을 빼고 푼 뒤
        :math:`h_i=\tfrac1n+S_{ii}` 를 씁니다 (scikit-learn ``RidgeCV(fit_intercept=True)`` 의 LOO).

    Returns
    -------
    mse : ndarray of shape (n_alphas,)
    """
    X, y = _check_xy(X, y)
    alphas = check_alphas(alphas)
    if fit_intercept:
        # the hat matrix of [1, X] with an unpenalized intercept is 11^T/n + S on centered X
        X, y = X - X.mean(axis=0), y - y.mean()
    U, s, _ = svd_cutoff(X)  # same rank cut-off as ridge_path
    f = shrink(s**2, alphas)  # (k, p): shrinkage of each direction
    fitted = (f * (U.T @ y)) @ U.T  # (k, n)
    h = f @ (U**2).T  # (k, n): diagonals of the hat matrices
    if fit_intercept:
        h = h + 1.0 / X.shape[0]
    bad = np.any(h >= 1 - 1e-12, axis=1)
    if np.any(bad):
        a = float(alphas[np.argmax(bad)])
        raise ValueError(f"leave-one-out is undefined at alpha={a!r}: a sample has leverage 1")
    return np.mean(((y - fitted) / (1 - h)) ** 2, axis=1)


def penalty_for_book_715(alpha) -> float:
    r"""The alpha of ridgedoc's convention that minimizes the book's (7.15) as printed.

    (7.15) penalizes :math:`\tfrac12\alpha\boldsymbol w^\top\boldsymbol w`, half of ridgedoc's
    :math:`\alpha\boldsymbol w^\top\boldsymbol w`; so ``ridge(X, y, penalty_for_book_715(alpha))``
    minimizes (7.15), and ``ridge(X, y, alpha)`` is (7.17).
    """
    return check_alpha(alpha) / 2.0


def standardize(X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Center each column and scale it to unit standard deviation.

    Returns
    -------
    Z : ndarray of shape (n_samples, n_features)
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
        표준편차 (ddof=0).
    """
    X = as_matrix(X, "X")
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    constant = np.ptp(X, axis=0) == 0  # std of a constant column can round to 1e-17, not 0
    if np.any(constant):
        bad = np.flatnonzero(constant).tolist()
        raise ValueError(f"X has constant columns {bad}; they cannot be standardized")
    return (X - mean) / scale, mean, scale

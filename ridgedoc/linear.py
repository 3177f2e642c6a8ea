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


def _svd(X):
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    return U, s, Vt


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
    return ridge_path(X, y, [0.0])[0]


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
        return ridge_path(X, y, [alpha])[0]
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
    U, s, Vt = _svd(X)
    Uty = U.T @ y
    tol = s[0] * max(X.shape) * np.finfo(float).eps if s.size else 0.0
    nonzero = s > tol
    out = np.empty((alphas.size, X.shape[1]))
    for i, a in enumerate(alphas):
        # d_i = s_i / (s_i^2 + alpha); singular values below tol count as zero
        d = np.zeros_like(s)
        d[nonzero] = s[nonzero] / (s[nonzero] ** 2 + a)
        out[i] = Vt.T @ (d * Uty)
    return out


def ridge_effective_parameters(X, alphas) -> np.ndarray:
    r"""Effective number of parameters :math:`\sum_i s_i^2/(s_i^2+\alpha)` of ridge on X.

    The eigenvalues of :math:`\boldsymbol X^\top\boldsymbol X` are the squared singular values,
    so this is the same sum as :func:`ridgedoc.effective_parameters` with H = XᵀX.
    """
    X = as_matrix(X, "X")
    alphas = check_alphas(alphas)
    s = np.linalg.svd(X, compute_uv=False)
    # same rank cut-off as ridge_path: singular values (not their squares) below tol are zero
    tol = s[0] * max(X.shape) * np.finfo(float).eps
    s2 = np.where(s > tol, s**2, 0.0)
    return np.array([np.sum(s2 / (s2 + a)) if a > 0 else float(np.count_nonzero(s2)) for a in alphas])


def loo_errors(X, y, alphas) -> np.ndarray:
    r"""Leave-one-out mean squared error of ridge for each alpha, in closed form.

    With the hat matrix :math:`\boldsymbol S_\alpha=\boldsymbol X(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I)^{-1}\boldsymbol X^\top`,
    the residual of sample i when it is left out is :math:`e_i/(1-S_{ii})`, where
    :math:`e_i` is the ordinary residual. One SVD serves every alpha.

    Returns
    -------
    mse : ndarray of shape (n_alphas,)
    """
    X, y = _check_xy(X, y)
    alphas = check_alphas(alphas)
    U, s, _ = _svd(X)
    Uty = U.T @ y
    # same rank cut-off as ridge_path: singular values below tol count as zero
    tol = s[0] * max(X.shape) * np.finfo(float).eps
    nonzero = s > tol
    out = np.empty(alphas.size)
    for i, a in enumerate(alphas):
        f = np.zeros_like(s)  # shrinkage of each direction
        f[nonzero] = s[nonzero] ** 2 / (s[nonzero] ** 2 + a)
        fitted = U @ (f * Uty)
        h = (U**2) @ f  # diagonal of the hat matrix
        if np.any(h >= 1 - 1e-12):
            raise ValueError(f"leave-one-out is undefined at alpha={float(a)!r}: a sample has leverage 1")
        out[i] = np.mean(((y - fitted) / (1 - h)) ** 2)
    return out


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

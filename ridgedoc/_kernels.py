"""Private numeric kernels shared by the public functions (no validation here: callers validate).

One decomposition serves every alpha: the public path functions compute the SVD or
eigendecomposition and its rank cut-off once, then call these vectorized kernels
(scikit-learn's ``_solve_svd`` is the model).
"""

from __future__ import annotations

import numpy as np


def shrink(lam: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    r"""Shrinkage factors :math:`\lambda_i/(\lambda_i+\alpha_k)` for every alpha at once.

    ``lam`` (p,) holds values >= 0 (already cut off to 0 below the rank tolerance),
    ``alphas`` (k,) values >= 0. Returns (k, p). Where :math:`\lambda_i=0` the factor
    is 0, also for alpha = 0 (the limit alpha -> 0+), and 1 where
    :math:`\lambda_i>0=\alpha`.
    """
    lam = lam[None, :]
    denom = lam + alphas[:, None]
    # d_ki = lambda_i / (lambda_i + alpha_k), and 0 where lambda_i = 0
    return np.divide(lam, denom, out=np.zeros(denom.shape), where=lam > 0)


def svd_cutoff(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD of X with singular values below the rank tolerance set to 0."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    tol = s[0] * max(X.shape) * np.finfo(float).eps if s.size else 0.0
    return U, np.where(s > tol, s, 0.0), Vt

"""The example problems the pages and the interactive explorer share (numpy only)."""

from __future__ import annotations

import numpy as np

from ._validation import as_vector

__all__ = ["FIGURE_7_1", "SINGULAR_PROBLEM", "make_problem", "taylor_example"]


def make_problem(eigvals=(0.5, 4.0), angle_deg: float = 20.0, w_star=(2.0, 1.6)):
    r"""A 2-D quadratic: H = R(angle) diag(eigvals) R(angle)^T and w*.

    Parameters
    ----------
    eigvals : pair of float
        헤시안의 두 고윳값 (0 이상). 책의 그림처럼 첫 번째를 작게 두면 w_1이 많이 줄어듭니다.
    angle_deg : float
        첫 고유벡터가 w_1 축과 이루는 각 (도).
    w_star : pair of float
        정칙화하지 않은 최소점.

    Returns
    -------
    H : ndarray of shape (2, 2)
    w_star : ndarray of shape (2,)
    """
    lam = as_vector(eigvals, "eigvals", size=2)
    if np.any(lam < 0):
        raise ValueError(f"eigvals must be >= 0, got {lam.tolist()}")
    if isinstance(angle_deg, bool) or not isinstance(angle_deg, (int, float)) or not np.isfinite(angle_deg):
        raise TypeError(f"angle_deg must be a finite real number, got {angle_deg!r}")
    w_star = as_vector(w_star, "w_star", size=2)
    t = np.deg2rad(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    H = R @ np.diag(lam) @ R.T
    return (H + H.T) / 2, w_star


#: Parameters of the static Figure 7.1 and the explorer's defaults.
FIGURE_7_1 = {"eigvals": (0.5, 4.0), "angle_deg": 20.0, "w_star": (2.0, 1.6), "alpha": 1.0}


#: A problem whose Hessian is singular: zero curvature along the first eigenvector
#: (used on the quadratic page to show the limit alpha -> 0+ is a projection).
SINGULAR_PROBLEM = {"eigvals": (0.0, 4.0), "angle_deg": 20.0, "w_star": (2.0, 1.6)}


def taylor_example(x):
    r"""A 1-D function with its minimum at x = 1, for the Taylor-approximation figure.

    :math:`f(x) = e^{x-1} - x`, so :math:`f(1) = 0`, :math:`f'(1) = 0` and :math:`f''(1) = 1`;
    its second-order approximation at 1 is :math:`\tfrac12 (x-1)^2`. The function is
    lopsided (it grows exponentially on the right, linearly on the left), so the
    approximation is good near 1 and poor far away.

    Parameters
    ----------
    x : float or array_like
        입력값.

    Returns
    -------
    float or ndarray
        ``x`` 와 같은 모양의 함숫값.
    """
    x = np.asarray(x, dtype=float)
    out = np.exp(x - 1.0) - x
    return float(out) if out.ndim == 0 else out

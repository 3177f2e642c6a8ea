"""Argument checks shared by the public functions.

Every check raises ``TypeError`` (wrong kind of object) or ``ValueError`` (right kind,
wrong value) with a message that names the argument, shows the value and says what
was expected.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_matrix",
    "as_vector",
    "check_alpha",
    "check_alphas",
    "check_positive",
    "check_count",
    "check_symmetric_psd",
]

# Relative tolerance for symmetry and for "slightly negative" eigenvalues of a PSD matrix.
PSD_RTOL = 1e-10


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _as_float_array(value: object, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__} {_short(value)}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of real numbers, got {_short(value)}") from exc
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(
            f"{name} must be an array of real numbers, got dtype {arr.dtype} from {_short(value)}"
        )
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf), got {_short(value)}")
    return arr


def as_vector(value: object, name: str, size: int | None = None, match: str = "H") -> np.ndarray:
    """Return ``value`` as a finite 1-D float array, optionally of a given size."""
    arr = _as_float_array(value, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if size is not None and arr.shape[0] != size:
        raise ValueError(f"{name} must have length {size} to match {match}, got length {arr.shape[0]}")
    return arr


def as_matrix(value: object, name: str) -> np.ndarray:
    """Return ``value`` as a finite, non-empty 2-D float array."""
    arr = _as_float_array(value, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def check_symmetric_psd(H: object, name: str = "H", rtol: float = PSD_RTOL) -> np.ndarray:
    """Return ``H`` as a symmetric positive semidefinite float matrix.

    Asymmetry or negative eigenvalues beyond ``rtol`` times the largest absolute entry
    are rejected; rounding-level asymmetry is removed by averaging with the transpose.
    """
    arr = as_matrix(H, name)
    n, m = arr.shape
    if n != m:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    # relative to the largest entry, as documented (floored at the smallest normal float so
    # that the tolerance does not underflow to 0 for a matrix of subnormal entries)
    scale = max(float(np.max(np.abs(arr))), np.finfo(float).tiny)
    asym = float(np.max(np.abs(arr - arr.T)))
    if asym > rtol * scale:
        raise ValueError(
            f"{name} must be symmetric, got max |{name} - {name}.T| = {asym:.3g} for {_short(H)}"
        )
    arr = (arr + arr.T) / 2
    smallest = float(np.linalg.eigvalsh(arr)[0])
    if smallest < -rtol * scale * n:
        raise ValueError(
            f"{name} must be positive semidefinite, got smallest eigenvalue {smallest:.6g} < 0"
        )
    return arr


def _check_real_scalar(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {_short(value)}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {out!r}")
    return out


def check_alpha(alpha: object, name: str = "alpha") -> float:
    """Return ``alpha`` as a float in [0, inf)."""
    out = _check_real_scalar(alpha, name)
    if out < 0:
        raise ValueError(f"{name} must be >= 0 (the penalty weight lies in [0, inf)), got {out!r}")
    return out


def check_alphas(alphas: object, name: str = "alphas") -> np.ndarray:
    """Return ``alphas`` as a 1-D float array of values >= 0."""
    if isinstance(alphas, numbers.Real) and not isinstance(alphas, bool):
        alphas = [alphas]
    arr = as_vector(alphas, name)
    if np.any(arr < 0):
        raise ValueError(f"{name} must all be >= 0, got minimum {float(arr.min())!r}")
    return arr


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a float > 0."""
    out = _check_real_scalar(value, name)
    if out <= 0:
        raise ValueError(f"{name} must be > 0, got {out!r}")
    return out


def check_count(value: object, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {_short(value)}")
    out = int(value)
    if out < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {out}")
    return out

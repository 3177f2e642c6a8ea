"""Data sets shipped with ridgedoc, loaded with validation (numpy only)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Dataset", "LONGLEY_PATH", "load_longley"]

LONGLEY_PATH = Path(__file__).with_name("datasets") / "longley.csv"
LONGLEY_FEATURES = ("GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR")
LONGLEY_TARGET = "TOTEMP"


@dataclass(frozen=True)
class Dataset:
    """A design matrix, a target and their names.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    feature_names : tuple of str
    target_name : str
    source : str
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    source: str


def load_longley(path: str | Path | None = None) -> Dataset:
    """Load the Longley (1967) data: 16 years, 6 collinear predictors, target TOTEMP.

    Parameters
    ----------
    path : str or Path, optional
        CSV 파일 경로. 기본값은 ridgedoc에 들어 있는 ``datasets/longley.csv``.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        열 이름이 다르거나, 값이 숫자가 아니거나, 빠진 값이 있거나, 행 수가 16이 아닐 때.
    """
    if path is None:
        path = LONGLEY_PATH
    values = _read_numeric_csv(path, ["Obs", LONGLEY_TARGET, *LONGLEY_FEATURES], n_rows=16,
                              what="the Longley CSV", rows_are="1947-1962")
    return Dataset(
        X=values[:, 2:],
        y=values[:, 1],
        feature_names=LONGLEY_FEATURES,
        target_name=LONGLEY_TARGET,
        source="Longley (1967), JASA 62(319):819-841; public domain (NIST StRD)",
    )


def _read_numeric_csv(path, expected: list[str], *, n_rows: int, what: str, rows_are: str) -> np.ndarray:
    """Read a CSV of numbers with exactly the header ``expected`` and ``n_rows`` data rows.

    Shared by the data loaders: every check names the file, the line and the column.
    ``what`` names the file in the "not a file" message, ``rows_are`` says what a row is.
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__} {path!r}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path={str(path)!r} is not a file; expected {what}")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows or rows[0] != expected:
        got = rows[0] if rows else []
        raise ValueError(f"{path.name}: columns must be {expected}, got {got}")
    body = rows[1:]
    if len(body) != n_rows:
        raise ValueError(f"{path.name}: expected {n_rows} data rows ({rows_are}), got {len(body)}")
    values = np.empty((n_rows, len(expected)))
    for i, row in enumerate(body, start=2):
        if len(row) != len(expected):
            raise ValueError(f"{path.name}, line {i}: expected {len(expected)} fields, got {len(row)}")
        for j, cell in enumerate(row):
            if cell.strip() == "":
                raise ValueError(f"{path.name}, line {i}: missing value in column {expected[j]!r}")
            try:
                values[i - 2, j] = float(cell)
            except ValueError:
                raise ValueError(
                    f"{path.name}, line {i}: column {expected[j]!r} must be a number, got {cell!r}"
                ) from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{path.name}: values must be finite numbers")
    return values

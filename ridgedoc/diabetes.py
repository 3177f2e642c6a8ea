"""The diabetes data of Efron et al. (2004), loaded with validation (numpy only)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .data import Dataset

__all__ = ["DIABETES_PATH", "load_diabetes"]

DIABETES_PATH = Path(__file__).with_name("datasets") / "diabetes.csv"
DIABETES_FEATURES = ("AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6")
DIABETES_TARGET = "Y"
DIABETES_ROWS = 442


def load_diabetes(path: str | Path | None = None) -> Dataset:
    """Load the diabetes data: 442 patients, 10 baseline variables, target Y.

    The values are the raw ones (not standardized): age in years, sex coded 1 or 2,
    body mass index, average blood pressure and six blood serum measurements. Y is a
    measure of disease progression one year after baseline.

    Parameters
    ----------
    path : str or Path, optional
        CSV 파일 경로. 기본값은 ridgedoc에 들어 있는 ``datasets/diabetes.csv``.

    Returns
    -------
    Dataset

    Raises
    ------
    TypeError
        path가 문자열이나 Path가 아닐 때.
    ValueError
        파일이 없거나, 열 이름이 다르거나, 값이 숫자가 아니거나, 빠진 값이 있거나,
        행 수가 442가 아니거나, SEX가 1과 2 말고 다른 값을 갖거나, Y가 양수가 아닐 때.
    """
    if path is None:
        path = DIABETES_PATH
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__} {path!r}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path={str(path)!r} is not a file; expected the diabetes CSV")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    expected = [*DIABETES_FEATURES, DIABETES_TARGET]
    if not rows or rows[0] != expected:
        got = rows[0] if rows else []
        raise ValueError(f"{path.name}: columns must be {expected}, got {got}")
    body = rows[1:]
    if len(body) != DIABETES_ROWS:
        raise ValueError(f"{path.name}: expected {DIABETES_ROWS} data rows (patients), got {len(body)}")
    values = np.empty((DIABETES_ROWS, len(expected)))
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
    sex = values[:, 1]
    if not np.all((sex == 1) | (sex == 2)):
        bad = sorted(set(sex[(sex != 1) & (sex != 2)].tolist()))
        raise ValueError(f"{path.name}: column 'SEX' must be 1 or 2, got {bad}")
    if np.any(values[:, -1] <= 0):
        raise ValueError(f"{path.name}: column 'Y' must be positive, got minimum {float(values[:, -1].min())!r}")
    return Dataset(
        X=values[:, :-1],
        y=values[:, -1],
        feature_names=DIABETES_FEATURES,
        target_name=DIABETES_TARGET,
        source=("Efron, Hastie, Johnstone, Tibshirani (2004), Least Angle Regression, "
                "Ann. Statist. 32(2):407-499; raw data as shipped with scikit-learn (BSD-3-Clause)"),
    )

"""The diabetes data of Efron et al. (2004), loaded with validation (numpy only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .data import Dataset, _read_numeric_csv

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
    values = _read_numeric_csv(path, [*DIABETES_FEATURES, DIABETES_TARGET], n_rows=DIABETES_ROWS,
                              what="the diabetes CSV", rows_are="patients")
    path = Path(path)
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

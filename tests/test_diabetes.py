"""The diabetes loader: same numbers as scikit-learn's copy, and each validation error."""

from __future__ import annotations

import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import load_diabetes as sk_load_diabetes

import ridgedoc as rd
from ridgedoc.diabetes import DIABETES_PATH


def test_matches_sklearn_raw_data():
    """load_diabetes() equals sklearn.datasets.load_diabetes(scaled=False) exactly, feature by feature."""
    ours = rd.load_diabetes()
    sk = sk_load_diabetes(scaled=False)
    assert ours.X.shape == (442, 10) and ours.y.shape == (442,)
    assert_array_equal(ours.X, sk.data)
    assert_array_equal(ours.y, sk.target)
    assert [n.lower() for n in ours.feature_names] == list(sk.feature_names)
    assert ours.target_name == "Y" and "Efron" in ours.source


def _write(tmp_path, lines):
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def lines():
    """The shipped CSV as a list of lines, to corrupt one at a time."""
    return DIABETES_PATH.read_text(encoding="utf-8").splitlines()


def test_explicit_path_reads_the_same(tmp_path, lines):
    """A copy of the CSV given by path loads to the same data."""
    assert_array_equal(rd.load_diabetes(_write(tmp_path, lines)).X, rd.load_diabetes().X)


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda L: [L[0].replace("BMI", "bmi"), *L[1:]], r"columns must be \['AGE', 'SEX', 'BMI'"),
        (lambda L: L[:-1], "expected 442 data rows"),
        (lambda L: [L[0], "59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87", *L[2:]], "line 2: expected 11 fields"),
        (lambda L: [L[0], "59,2,,101.0,157,93.2,38.0,4.0,4.8598,87,151", *L[2:]], "missing value in column 'BMI'"),
        (lambda L: [L[0], "59,2,x,101.0,157,93.2,38.0,4.0,4.8598,87,151", *L[2:]], "'BMI' must be a number, got 'x'"),
        (lambda L: [L[0], "59,2,inf,101.0,157,93.2,38.0,4.0,4.8598,87,151", *L[2:]], "finite"),
        (lambda L: [L[0], "59,3,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,151", *L[2:]], r"'SEX' must be 1 or 2, got \[3.0\]"),
        (lambda L: [L[0], "59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,0", *L[2:]], "'Y' must be positive"),
    ],
)
def test_corrupted_file_raises(tmp_path, lines, edit, match):
    """Each kind of damage to the CSV raises ValueError naming the line, column or count."""
    with pytest.raises(ValueError, match=match):
        rd.load_diabetes(_write(tmp_path, edit(lines)))


def test_bad_path_arguments(tmp_path):
    """A non-path argument is a TypeError; a path that is not a file is a ValueError."""
    with pytest.raises(TypeError, match="path must be a str or Path, got int 3"):
        rd.load_diabetes(3)
    with pytest.raises(ValueError, match="is not a file; expected the diabetes CSV"):
        rd.load_diabetes(tmp_path / "nope.csv")

"""The shipped Longley data: shape, NIST StRD certified least-squares values, and
validation of corrupted copies of the CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

import ridgedoc as rd
from ridgedoc.data import LONGLEY_PATH

# NIST Statistical Reference Datasets, Longley, certified values (model y = B0 + B1 x1 + ... + B6 x6).
NIST_COEFFICIENTS = np.array(
    [
        -3482258.63459582,
        15.0618722713733,
        -0.358191792925910e-01,
        -2.02022980381683,
        -1.03322686717359,
        -0.511041056535807e-01,
        1829.15146461355,
    ]
)
NIST_RESIDUAL_SD = 304.854073561965
NIST_R_SQUARED = 0.995479004577296


def test_load_longley_shape_and_names():
    """load_longley returns a 16 x 6 X, a length-16 y, and the documented column names."""
    d = rd.load_longley()
    assert isinstance(d, rd.Dataset)
    assert d.X.shape == (16, 6)
    assert d.y.shape == (16,)
    assert d.feature_names == ("GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR")
    assert d.target_name == "TOTEMP"
    assert_allclose(d.X[:, 5], np.arange(1947, 1963))  # one row per year 1947-1962
    assert d.y[0] == 60323 and d.y[-1] == 70551  # first and last TOTEMP in Longley's table


def test_longley_reproduces_nist_certified_coefficients():
    """Least squares on [1, X] reproduces the NIST StRD certified Longley coefficients."""
    d = rd.load_longley()
    A = np.column_stack([np.ones(16), d.X])
    for coef in (np.linalg.lstsq(A, d.y, rcond=None)[0], rd.least_squares(A, d.y), rd.ridge(A, d.y, 0.0)):
        assert_allclose(coef, NIST_COEFFICIENTS, rtol=1e-7)


def test_longley_reproduces_nist_certified_fit_statistics():
    """The residual standard deviation and R^2 of that fit match NIST's certified values."""
    d = rd.load_longley()
    A = np.column_stack([np.ones(16), d.X])
    resid = d.y - A @ rd.least_squares(A, d.y)
    assert np.sqrt(resid @ resid / (16 - 7)) == pytest.approx(NIST_RESIDUAL_SD, rel=1e-7)
    r2 = 1 - resid @ resid / np.sum((d.y - d.y.mean()) ** 2)
    assert r2 == pytest.approx(NIST_R_SQUARED, rel=1e-10)


def test_load_longley_accepts_explicit_path(tmp_path):
    """An exact copy of the CSV, passed as str or Path, loads to the same arrays."""
    copy = tmp_path / "copy.csv"
    copy.write_bytes(LONGLEY_PATH.read_bytes())
    ref = rd.load_longley()
    for p in (copy, str(copy)):
        d = rd.load_longley(p)
        assert_allclose(d.X, ref.X, rtol=0, atol=0)
        assert_allclose(d.y, ref.y, rtol=0, atol=0)


# --- corrupted copies -----------------------------------------------------------------


def _lines() -> list[str]:
    return LONGLEY_PATH.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "longley.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _replace_cell(line: str, index: int, value: str) -> str:
    cells = line.split(",")
    cells[index] = value
    return ",".join(cells)


def test_wrong_header_raises(tmp_path):
    """A renamed column raises ValueError naming the expected and found columns."""
    lines = _lines()
    lines[0] = lines[0].replace('"GNP"', '"GDP"')
    with pytest.raises(ValueError, match=r"columns must be .*'GNP'.*got .*'GDP'"):
        rd.load_longley(_write(tmp_path, lines))


def test_reordered_header_raises(tmp_path):
    """Swapped column names are rejected (the order defines which number is which)."""
    lines = _lines()
    lines[0] = lines[0].replace('"UNEMP","ARMED"', '"ARMED","UNEMP"')
    with pytest.raises(ValueError, match=r"columns must be"):
        rd.load_longley(_write(tmp_path, lines))


def test_empty_file_raises(tmp_path):
    """An empty file raises ValueError about the columns."""
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"columns must be .*got \[\]"):
        rd.load_longley(path)


def test_missing_value_raises(tmp_path):
    """An empty cell raises ValueError naming the line and the column."""
    lines = _lines()
    lines[5] = _replace_cell(lines[5], 3, "")  # GNP of 1951, file line 6
    with pytest.raises(ValueError, match=r"line 6: missing value in column 'GNP'"):
        rd.load_longley(_write(tmp_path, lines))


def test_non_numeric_cell_raises(tmp_path):
    """A non-numeric cell raises ValueError naming the line, column and the bad text."""
    lines = _lines()
    lines[10] = _replace_cell(lines[10], 4, "n/a")  # UNEMP, file line 11
    with pytest.raises(ValueError, match=r"line 11: column 'UNEMP' must be a number, got 'n/a'"):
        rd.load_longley(_write(tmp_path, lines))


def test_non_finite_cell_raises(tmp_path):
    """A cell reading 'inf' is rejected as not finite."""
    lines = _lines()
    lines[2] = _replace_cell(lines[2], 1, "inf")
    with pytest.raises(ValueError, match=r"finite"):
        rd.load_longley(_write(tmp_path, lines))


def test_short_row_raises(tmp_path):
    """A row with a field too few raises ValueError naming the line and field counts."""
    lines = _lines()
    lines[3] = ",".join(lines[3].split(",")[:-1])
    with pytest.raises(ValueError, match=r"line 4: expected 8 fields, got 7"):
        rd.load_longley(_write(tmp_path, lines))


@pytest.mark.parametrize("keep", [15, 17])
def test_wrong_row_count_raises(tmp_path, keep):
    """Fewer or more than 16 data rows raise ValueError giving the count."""
    lines = _lines()
    body = lines[1:]
    body = body[:keep] if keep < 16 else body + body[: keep - 16]
    with pytest.raises(ValueError, match=rf"expected 16 data rows .*got {keep}"):
        rd.load_longley(_write(tmp_path, [lines[0], *body]))


def test_missing_file_raises(tmp_path):
    """A path that is not a file raises ValueError naming it."""
    with pytest.raises(ValueError, match=r"nope\.csv.*not a file"):
        rd.load_longley(tmp_path / "nope.csv")


def test_path_of_wrong_type_raises():
    """A path that is neither str nor Path raises TypeError."""
    with pytest.raises(TypeError, match=r"path must be a str or Path, got int"):
        rd.load_longley(42)

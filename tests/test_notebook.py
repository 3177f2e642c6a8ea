"""The executed notebook page ``docs/chapter/linear-regression.ipynb`` (Longley ridge).

The notebook is executed once per test session (module-scoped fixture) in a temporary
copy, with the ``python3`` kernel and ``docs/chapter`` as its working directory, the
way mkdocs-jupyter runs it. A probe cell appended to the copy (never to the committed
notebook) prints the notebook's own variables as JSON; the tests compare those numbers
with independent implementations (numpy, scikit-learn, brute force).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "chapter" / "linear-regression.ipynb"
NB_NAME = NOTEBOOK.name

# The notebook variables the probe reads; renaming one in the notebook fails loudly here.
PROBE = r"""
import json as _json
print("RIDGEDOC-PROBE " + _json.dumps({
    "Z": Z.tolist(), "y": y.tolist(), "alphas": alphas.tolist(), "coefs": coefs.tolist(),
    "w_ls": w_ls.tolist(), "loo": loo.tolist(), "alpha_best": float(alpha_best),
    "dof": dof.tolist(), "alpha": float(alpha), "w_715": w_715.tolist(), "w_717": w_717.tolist(),
}))
"""

_DISPLAY_MATH = re.compile(r"^\$\$\n(.+?)\n\$\$$", re.S | re.M)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)")  # as the site hook


def _read(path: Path = NOTEBOOK):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run a copy of the notebook (plus the probe cell); return (notebook, probe dict)."""
    from nbclient import NotebookClient

    nb = _read()
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, id="test-probe"))
    copy = tmp_path_factory.mktemp("nb") / NB_NAME
    nbformat.write(nb, copy)
    nb = _read(copy)
    resources = {"metadata": {"path": str(NOTEBOOK.parent)}}  # cwd = docs/chapter
    NotebookClient(nb, kernel_name="python3", timeout=600, resources=resources).execute()
    probe = nb.cells[-1].outputs[0]["text"]
    assert probe.startswith("RIDGEDOC-PROBE "), probe[:200]
    values = json.loads(probe.removeprefix("RIDGEDOC-PROBE "))
    arrays = {k: np.asarray(v) for k, v in values.items()}
    return nb, arrays


# ---------------------------------------------------------------- the committed file


def test_committed_notebook_is_valid_nbformat_without_outputs():
    """The committed notebook validates as nbformat 4.5 (cell ids), uses the python3
    kernelspec, and carries no outputs or execution counts."""
    nb = _read()
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata.kernelspec.name == "python3"
    ids = [cell.id for cell in nb.cells]
    assert len(set(ids)) == len(ids)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.id
            assert cell.execution_count is None, cell.id


def test_notebook_title_and_first_code_cell():
    """The first cell is the page title, and the first code cell turns matplotlib's
    missing-glyph warning into an error before anything is drawn."""
    nb = _read()
    assert nb.cells[0].source.splitlines()[0] == "# 선형 회귀와 릿지: Longley 데이터"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    glyph_filter = 'warnings.filterwarnings("error", message=r"Glyph .* missing from font")'
    assert glyph_filter in first_code.source


def test_notebook_needs_neither_pandas_nor_scikit_learn():
    """No code cell imports pandas or scikit-learn: the site build must not need them."""
    for cell in _read().cells:
        if cell.cell_type == "code":
            assert not re.search(r"\b(pandas|sklearn)\b", cell.source), cell.id


def test_book_equations_are_tagged_once():
    """Equations (7.14)-(7.17) each appear exactly once in display math with their \\tag."""
    text = "\n".join(c.source for c in _read().cells if c.cell_type == "markdown")
    blocks = _DISPLAY_MATH.findall(text)
    for number in ("7.14", "7.15", "7.16", "7.17"):
        assert sum(rf"\tag{{{number}}}" in b for b in blocks) == 1, number


def test_notebook_math_parses_with_katex():
    """Every $...$ and $$...$$ formula in the markdown cells parses with KaTeX's parser
    (the same check the site hook runs at build time), none uses \\color or a bare \\\\,
    and no $ is left over (an inline formula must not span lines)."""
    from markdown_katex_rs.extension import tex2html  # the public API the plugin's check uses

    count = 0
    for cell in _read().cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"`[^`]*`", "", cell.source)  # code spans are not math
        for tex in _DISPLAY_MATH.findall(text):
            tex2html(tex, {"display-mode": True})
            assert r"\color" not in tex and (r"\\" not in tex or r"\begin" in tex), tex
            count += 1
        text = _DISPLAY_MATH.sub("", text)
        for tex in _INLINE_MATH.findall(text):
            tex2html(tex, {"display-mode": False})
            assert r"\color" not in tex and r"\\" not in tex, tex
            count += 1
        # an inline formula broken across lines would be left as raw text on the page
        assert "$" not in _INLINE_MATH.sub("", text), (cell.id, text)
    assert count > 30  # the regexes found the formulas


# ---------------------------------------------------------------- the executed notebook


def test_notebook_runs_without_errors_warnings_or_missing_figures(executed):
    """Every cell runs, nothing is written to stderr (no warnings), and the three
    figures (ridge trace, effective parameters, LOO curve) come out as PNG images."""
    nb, _ = executed
    pngs = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", (cell.id, out.get("evalue"))
            assert not (out.output_type == "stream" and out.name == "stderr"), (cell.id, out.text)
            pngs += "image/png" in out.get("data", {})
    assert pngs == 3


def test_standardized_data_matches_scikit_learn_scaler(executed):
    """The notebook's Z is StandardScaler applied to Longley's X, and y is TOTEMP centered."""
    from sklearn.preprocessing import StandardScaler

    import ridgedoc

    _, r = executed
    data = ridgedoc.load_longley()
    expected = StandardScaler().fit_transform(data.X)
    np.testing.assert_allclose(r["Z"], expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r["y"], data.y - data.y.mean(), rtol=1e-12, atol=1e-9)


def test_least_squares_matches_numpy_lstsq(executed):
    """The notebook's (7.16) coefficients equal numpy.linalg.lstsq on the same data."""
    _, r = executed
    expected = np.linalg.lstsq(r["Z"], r["y"], rcond=None)[0]
    np.testing.assert_allclose(r["w_ls"], expected, rtol=1e-9)


def test_ridge_trace_matches_scikit_learn_ridge(executed):
    """Every row of the notebook's ridge trace equals
    Ridge(alpha, fit_intercept=False).coef_ at that alpha."""
    from sklearn.linear_model import Ridge

    _, r = executed
    for alpha, row in zip(r["alphas"], r["coefs"], strict=True):
        expected = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(r["Z"], r["y"]).coef_
        np.testing.assert_allclose(row, expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max())


def test_chosen_alpha_matches_scikit_learn_ridgecv(executed):
    """RidgeCV on the same grid (efficient leave-one-out with an intercept) picks the
    notebook's alpha, its LOO errors are the notebook's, and the page prints that alpha."""
    from sklearn.linear_model import RidgeCV

    nb, r = executed
    cv = RidgeCV(alphas=r["alphas"], fit_intercept=True, store_cv_results=True).fit(r["Z"], r["y"])
    assert cv.alpha_ == r["alpha_best"]
    np.testing.assert_allclose(r["loo"], cv.cv_results_.mean(axis=0), rtol=1e-7)
    printed = "".join(o.get("text", "") for c in nb.cells if c.id == "loo" for o in c.outputs)
    assert f"고른 alpha = {r['alpha_best']:.4g}" in printed


def _refit_loo(Z, y, alpha, *, fit_intercept):
    """Leave each year out, refit scikit-learn's Ridge on the other 15, predict it: mean squared error."""
    from sklearn.linear_model import Ridge

    m = len(y)
    sq = []
    for i in range(m):
        keep = np.arange(m) != i
        model = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd").fit(Z[keep], y[keep])
        sq.append((y[i] - model.predict(Z[i : i + 1])[0]) ** 2)
    return np.mean(sq)


def test_loo_errors_match_brute_force(executed):
    """The closed-form LOO errors equal refitting ridge with an intercept on 15 rows and predicting the
    16th (scikit-learn Ridge(fit_intercept=True)), at every fifth alpha of the grid and at the chosen one."""
    _, r = executed
    for k in [*range(0, len(r["alphas"]), 5), int(np.argmin(r["loo"]))]:
        expected = _refit_loo(r["Z"], r["y"], float(r["alphas"][k]), fit_intercept=True)
        np.testing.assert_allclose(r["loo"][k], expected, rtol=1e-7)


def test_loo_check_cell_prints_the_refits(executed):
    """The labelled lines of the check cell: the closed form equals a refit with intercept (sklearn),
    re-standardizing on the 15 years too is a StandardScaler + Ridge pipeline refitted each time, and the
    formula without 1/m is the no-intercept LOO on the centered data (RidgeCV(fit_intercept=False)),
    smaller than the others: the page's claim that leaving out 1/m is optimistic."""
    from sklearn.linear_model import Ridge, RidgeCV
    from sklearn.preprocessing import StandardScaler

    import ridgedoc

    nb, r = executed
    text = "".join(o.get("text", "") for c in nb.cells if c.id == "loo-check" for o in c.outputs)

    def labelled(label):
        (line,) = [ln for ln in text.splitlines() if ln.startswith(f"[{label}")]
        return float(line.split("]", 1)[1])

    a = float(r["alpha_best"])
    refit = np.sqrt(_refit_loo(r["Z"], r["y"], a, fit_intercept=True))
    data = ridgedoc.load_longley()
    sq = []
    for i in range(len(data.y)):
        keep = np.arange(len(data.y)) != i
        scaler = StandardScaler().fit(data.X[keep])
        model = Ridge(alpha=a, solver="svd").fit(scaler.transform(data.X[keep]), data.y[keep])
        sq.append((data.y[i] - model.predict(scaler.transform(data.X[i : i + 1]))[0]) ** 2)
    cv0 = RidgeCV(alphas=[a], fit_intercept=False, store_cv_results=True).fit(r["Z"], r["y"])
    no_intercept = np.sqrt(cv0.cv_results_.mean())
    assert labelled("closed form") == pytest.approx(refit, abs=0.051)
    assert labelled("refit intercept and weights") == pytest.approx(refit, abs=0.051)
    assert labelled("refit the standardization too") == pytest.approx(np.sqrt(np.mean(sq)), abs=0.051)
    assert labelled("h = S_ii") == pytest.approx(no_intercept, abs=0.051)
    assert no_intercept < 0.95 * min(refit, np.sqrt(np.mean(sq)))
    prose = "".join(c.source for c in nb.cells if c.id == "loo-read")
    for label in re.findall(r"`\[([^\]`]+?)(?: …)?\]` 줄", prose):
        assert f"[{label}" in text, label


def test_effective_parameters_match_eigenvalue_sum(executed):
    """The plotted effective number of parameters is sum_i lambda_i/(lambda_i+alpha)
    over the eigenvalues of Z^T Z, falling from 6 toward 0."""
    _, r = executed
    lam = np.linalg.eigvalsh(r["Z"].T @ r["Z"])
    expected = [np.sum(lam / (lam + a)) for a in r["alphas"]]
    np.testing.assert_allclose(r["dof"], expected, rtol=1e-9)
    assert np.all(np.diff(r["dof"]) < 0) and r["dof"][0] > 5.9 and r["dof"][-1] < 0.1


def test_book_715_convention_check(executed):
    """w_715 = ridge(Z, y, penalty_for_book_715(alpha)) zeroes the gradient of (7.15)
    as printed, equals (Z^T Z + alpha/2 I)^{-1} Z^T y, and differs from (7.17)."""
    _, r = executed
    Z, y, alpha = r["Z"], r["y"], float(r["alpha"])
    grad = 2 * Z.T @ (Z @ r["w_715"] - y) + alpha * r["w_715"]
    assert np.linalg.norm(grad) <= 1e-12 * np.linalg.norm(2 * Z.T @ y)
    half = np.linalg.solve(Z.T @ Z + alpha / 2 * np.eye(Z.shape[1]), Z.T @ y)
    np.testing.assert_allclose(r["w_715"], half, rtol=1e-9)
    full = np.linalg.solve(Z.T @ Z + alpha * np.eye(Z.shape[1]), Z.T @ y)
    np.testing.assert_allclose(r["w_717"], full, rtol=1e-9)
    assert np.abs(r["w_715"] - r["w_717"]).max() > 1.0


# ---------------------------------------------------------------- the site build


PLANTED_CELLS = {
    "exception": ('raise RuntimeError("planted")', r"cell planted raised RuntimeError: planted"),
    "sys.exit": ("import sys\nsys.exit(3)", r"cell planted raised SystemExit"),
    "os._exit": ("import os\nos._exit(0)", r"the kernel died while running cell planted"),
    "time limit": ("import time\ntime.sleep(120)", r"cell planted ran longer than the time limit of 3 s"),
    "too much output": ('print("x" * 3_000_000)', r"cell planted produced \d+ bytes of output, more than the limit"),
}


@pytest.mark.build
@pytest.mark.parametrize("fault", sorted(PLANTED_CELLS))
def test_planted_failing_cell_fails_the_build_and_names_the_notebook(tmp_path, fault):
    """A copy of the site (same mkdocs.yml and theme overrides; the pages cut down to a title, the
    notebook to a heading, one good cell and a planted one) fails `mkdocs build --strict`, with one
    ERROR line naming the notebook, the cell and the reason."""
    from tests.sitecheck import build_site

    code, reason = PLANTED_CELLS[fault]
    for name in ("overrides", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, n = re.subn(r"^(      timeout:) \d+", r"\1 3", config, flags=re.M)
    assert n == 1, "mkdocs.yml: the ridgedoc plugin's timeout option not found"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    for page in (tmp_path / "docs").rglob("*.md"):
        page.write_text(f"# {page.stem}\n", encoding="utf-8")
    copy = tmp_path / "docs" / "chapter" / NB_NAME
    nb = _read(copy)
    nb.cells = [nbformat.v4.new_markdown_cell("# 노트북", id="title"),
                nbformat.v4.new_code_cell("x = 1", id="good"),
                nbformat.v4.new_code_cell(code, id="planted")]
    nbformat.write(nb, copy)

    proc = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", env={"RIDGEDOC_CACHE": "0"})
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-2000:]
    pattern = rf"(?m)^ERROR .*chapter/{re.escape(NB_NAME)}: notebook failed: {reason}"
    assert re.search(pattern, output), output[-3000:]


def test_built_page_offers_the_notebook_for_download(built_site):
    """The notebook page links to its .ipynb, and the built site serves that file unchanged."""
    import re

    page = (built_site / "chapter" / "linear-regression" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.ipynb)" download>', page)
    assert links == ["linear-regression.ipynb"]
    served = built_site / "chapter" / "linear-regression" / links[0]
    assert served.read_bytes() == (ROOT / "docs" / "chapter" / "linear-regression.ipynb").read_bytes()

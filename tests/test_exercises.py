"""The exercises (연습 문제): every answer against an independent computation, and the built pages.

The answers the pages print come from ``ridgedoc.exercises``; here each one is
recomputed without it (numpy.linalg.solve, numpy's eigendecomposition, brute-force
iteration, scipy's root finders and minimizers, scikit-learn's Ridge), so a wrong
answer fails. The built-site tests check that each of the four chapter pages ends with
a "연습 문제" section of 3 to 5 exercises, each followed by a folded answer that shows
numbers (not code), and that the answers are in the search index. The notebook page has
its own "연습 문제": its answers (``longley_*``) are checked against numpy, scikit-learn's
Ridge and RidgeCV, and its built page for the same layout of questions and folded answers.
"""

from __future__ import annotations

import html
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq, minimize, minimize_scalar
from sklearn.linear_model import Ridge

from ridgedoc import exercises as ex

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("weight-decay", "quadratic", "eigen", "geometry")


def rotation(angle_deg):
    """The 2-D rotation whose first column is (cos t, sin t), built here from the angle."""
    t = np.deg2rad(angle_deg)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def solve_w_tilde(H, w_star, alpha):
    """(H + alpha I)^-1 H w* by numpy's linear solver."""
    H = np.asarray(H, dtype=float)
    return np.linalg.solve(H + alpha * np.eye(len(H)), H @ np.asarray(w_star, dtype=float))


# ------------------------------------------------------------------ formatting


def test_fmt_known_strings():
    """fmt rounds to the given decimals, drops trailing zeros and never prints -0."""
    assert ex.fmt(0.95) == "0.95"
    assert ex.fmt(2.0000000000000004) == "2"
    assert ex.fmt(1 / 3) == "0.333"
    assert ex.fmt(-1.0e-9) == "0"
    assert ex.fmt(13.5134, 2) == "13.51"
    assert ex.fmt(14) == "14"


def test_fmt_sig_and_vector_and_matrix_known_strings():
    """fmt_sig writes powers of ten for TeX; fmt_vector and tex_matrix lay entries out as documented."""
    assert ex.fmt_sig(2.2935e-05) == r"2.29\times10^{-5}"
    assert ex.fmt_sig(0.1346, 2) == "0.13"
    assert ex.fmt_sig(1e-6, 1) == r"1\times10^{-6}"
    assert ex.fmt_vector([1.5, -2.0]) == "(1.5, -2)"
    assert ex.fmt_vector([2.29e-5, 0.00348], sig=3) == r"(2.29\times10^{-5}, 0.00348)"
    assert ex.tex_matrix([[3, 1], [1, 2]]) == r"\begin{pmatrix}3&1\\1&2\end{pmatrix}"
    assert ex.tex_matrix([4, 3]) == r"\begin{pmatrix}4\\3\end{pmatrix}"


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ex.fmt("1"), TypeError, r"x must be a real number"),
        (lambda: ex.fmt(float("nan")), ValueError, r"x must be finite"),
        (lambda: ex.fmt(1.0, -1), ValueError, r"digits must be >= 0"),
        (lambda: ex.fmt_sig(1.0, 0), ValueError, r"sig must be >= 1"),
        (lambda: ex.tex_matrix(np.zeros((2, 2, 2))), ValueError, r"M must be a 1-D or 2-D"),
        (
            lambda: ex.steps_to_fraction(lr=1.0, alpha=1.5),
            ValueError,
            r"lr \* alpha must lie strictly between 0 and 1",
        ),
        (
            lambda: ex.steps_to_fraction(fraction=1.0),
            ValueError,
            r"fraction must lie strictly between 0 and 1",
        ),
        (lambda: ex.weight_decay_step_exercise(grad=[1.0]), ValueError, r"grad must have length 2"),
        (lambda: ex.decay_regimes(num_steps=0), ValueError, r"num_steps must be >= 1"),
        (lambda: ex.singular_limit_exercise(H=np.eye(2)), ValueError, r"H must be singular"),
        (
            lambda: ex.singular_limit_exercise(alphas=[0.0, 1.0]),
            ValueError,
            r"alphas must all be > 0",
        ),
        (lambda: ex.tradeoff_exercise(H=np.eye(2)), TypeError, r"give both H and w_star"),
        (
            lambda: ex.alpha_for_shrinkage(0.5, 1.2),
            ValueError,
            r"factor must lie strictly between 0 and 1",
        ),
        (
            lambda: ex.alpha_for_effective_parameters([1.0, 0.0], 1.0),
            ValueError,
            r"target must be < rank\(H\) = 1",
        ),
        (
            lambda: ex.alpha_for_norm_fraction(np.eye(2), [0.0, 0.0], 0.5),
            ValueError,
            r"w_star must not be the zero",
        ),
        (
            lambda: ex.alpha_for_norm_fraction([[0.0, 0.0], [0.0, 1.0]], [1.0, 1.0], 0.9),
            ValueError,
            r"fraction = 0.9 is not reached",
        ),
        (lambda: ex.explorer_readout(eigvals=(-1.0, 1.0)), ValueError, r"eigvals must be >= 0"),
        (lambda: ex.large_alpha_exercise(alphas=[0.0]), ValueError, r"alphas must all be > 0"),
    ],
)
def test_bad_arguments_are_named(call, error, match):
    """Each helper rejects a bad argument with an error that names it and says what was expected."""
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------------ weight-decay page


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_weight_decay_step_matches_both_update_rules(seed):
    """One step equals w - eps (alpha w + grad), and its two stages add up to it (page data and random data)."""
    if seed is None:
        d = ex.weight_decay_step_exercise()
    else:
        rng = np.random.default_rng(seed)
        d = ex.weight_decay_step_exercise(rng.standard_normal(4), rng.standard_normal(4), 0.05, 3.0)
    w, g, lr, a = d["w"], d["grad"], d["lr"], d["alpha"]
    expected = w - lr * (a * w + g)
    np.testing.assert_allclose(d["w_new"], expected, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(d["w_new_74"], expected, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(d["decayed"] + d["step"], expected, rtol=1e-14, atol=1e-14)
    assert d["factor"] == pytest.approx(1 - lr * a)
    np.testing.assert_allclose(d["decayed"], (1 - lr * a) * w)


def test_weight_decay_step_page_numbers():
    """The page's step: factor 0.95 and new weights (1.375, -1.8), worked by hand."""
    d = ex.weight_decay_step_exercise()
    assert d["factor"] == pytest.approx(0.95)
    np.testing.assert_allclose(d["w_new"], [1.375, -1.8], rtol=1e-13)


@pytest.mark.parametrize(
    ("lr", "alpha", "fraction"),
    [(0.1, 0.5, 0.5), (0.01, 0.1, 0.5), (0.2, 1.0, 0.1), (0.5, 1.0, 0.25), (0.3, 0.1, 0.97)],
)
def test_steps_to_fraction_by_brute_force(lr, alpha, fraction):
    """The step count is the first k with w_k <= fraction when w is multiplied by 1 - lr alpha step by step."""
    w, k = 1.0, 0
    while w > fraction:
        w *= 1.0 - lr * alpha
        k += 1
    d = ex.steps_to_fraction(lr, alpha, fraction)
    assert d["steps"] == k
    assert d["remaining"] <= fraction < d["before"]
    assert k - 1 < d["exact"] <= k


def test_decay_regimes_follow_powers_of_the_factor():
    """Pure decay gives w0 (1 - eps alpha)^k, and the page's four alphas show the four regimes it names."""
    rows = ex.decay_regimes()
    for r in rows:
        k = np.arange(r["weights"].size)
        np.testing.assert_allclose(
            r["weights"], r["weights"][0] * (1 - r["lr"] * r["alpha"]) ** k, atol=1e-15
        )
    (shrink, zero, flip, grow) = rows
    w = shrink["weights"]
    assert shrink["lr_alpha"] < 1 and np.all(w > 0) and np.all(np.diff(w) < 0)
    assert zero["lr_alpha"] == 1 and np.all(zero["weights"][1:] == 0)
    w = flip["weights"]
    assert 1 < flip["lr_alpha"] < 2 and np.all(w[1:] * w[:-1] < 0) and np.all(np.diff(abs(w)) < 0)
    w = grow["weights"]
    assert grow["lr_alpha"] > 2 and np.all(w[1:] * w[:-1] < 0) and np.all(np.diff(abs(w)) > 0)


@pytest.mark.parametrize(
    ("h", "w_star", "alpha"), [(2.0, 3.0, 1.0), (0.5, -1.0, 2.0), (5.0, 0.7, 0.01)]
)
def test_one_dim_equilibrium_by_iteration_and_minimizer(h, w_star, alpha):
    """The stopping point equals plain-Python iteration of (7.5) and scipy's minimizer of the penalized 1-D objective."""
    lr = 0.9 / (h + alpha)
    w = 0.0
    for _ in range(5000):
        w = (1 - lr * alpha) * w - lr * h * (w - w_star)
    best = minimize_scalar(lambda v: 0.5 * h * (v - w_star) ** 2 + 0.5 * alpha * v**2).x
    d = ex.one_dim_equilibrium(h, w_star, alpha, lr=lr, num_steps=5000)
    assert d["w_tilde"] == pytest.approx(w, rel=1e-12)
    assert d["w_gd"] == pytest.approx(w, rel=1e-12)
    assert d["w_tilde"] == pytest.approx(best, rel=1e-6)
    assert d["decay_pull"] == pytest.approx(-d["data_pull"], rel=1e-12)


def test_one_dim_equilibrium_page_numbers():
    """The page's 1-D problem stops at 2 = 2 x 3 / (2 + 1), reached by its 200 steps."""
    d = ex.one_dim_equilibrium()
    assert d["w_tilde"] == pytest.approx(2.0)
    assert d["w_gd"] == pytest.approx(2.0, abs=1e-6)


# ------------------------------------------------------------------ quadratic page


def test_solve_exercise_against_numpy_solve():
    """The page's w~ equals numpy.linalg.solve of (7.9); A, b and det are those of the system; (7.8) holds."""
    d = ex.solve_exercise()
    H, w_star, a = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, 1.0]), 1.0
    np.testing.assert_allclose(d["w_tilde"], solve_w_tilde(H, w_star, a), rtol=1e-13)
    np.testing.assert_allclose(d["w_tilde"], [9 / 11, 8 / 11], rtol=1e-13)
    np.testing.assert_allclose(d["A"], H + a * np.eye(2))
    np.testing.assert_allclose(d["b"], H @ w_star)
    assert d["det"] == pytest.approx(np.linalg.det(H + a * np.eye(2)))
    assert np.abs(d["residual_78"]).max() < 1e-14


def test_solve_exercise_is_scikit_learn_ridge():
    """With H = X^T X and w* the least-squares fit, w~ is (7.17): scikit-learn's Ridge at the same alpha."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    alpha = 2.5
    # (X^T X + alpha I) w = X^T y = X^T X w_ls: the regularized minimizer of (7.10) with H = X^T X
    d = ex.solve_exercise(X.T @ X, w_ls, alpha)
    ridge = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(X, y).coef_
    np.testing.assert_allclose(d["w_tilde"], ridge, rtol=1e-10)


@pytest.mark.parametrize(("lam", "alpha"), [(2.0, 0.5), (0.1, 3.0), (7.0, 0.0)])
def test_isotropic_exercise(lam, alpha):
    """With H = lambda I every coordinate of numpy's solution is w* times lambda / (lambda + alpha)."""
    w_star = np.array([1.0, -2.0, 0.5])
    d = ex.isotropic_exercise(lam, w_star, alpha)
    np.testing.assert_allclose(
        d["w_tilde"], np.linalg.solve((lam + alpha) * np.eye(3), lam * w_star), rtol=1e-13
    )
    assert d["factor"] == pytest.approx(lam / (lam + alpha))
    np.testing.assert_allclose(d["ratios"], lam / (lam + alpha), rtol=1e-13)


def test_singular_limit_against_pinv_and_solve():
    """Limit = pinv(H) H w*; each w~ = numpy solve; v is a unit null vector of H and v^T w~ is 0."""
    d = ex.singular_limit_exercise()
    H, w_star = d["H"], d["w_star"]
    np.testing.assert_allclose(d["limit"], np.linalg.pinv(H) @ H @ w_star, atol=1e-12)
    np.testing.assert_allclose(d["limit"], [2.0, 2.0], atol=1e-12)
    for a, w in zip(d["alphas"], d["w_tildes"], strict=True):
        np.testing.assert_allclose(w, solve_w_tilde(H, w_star, a), rtol=1e-9)
    v = d["null"]
    assert np.linalg.norm(v) == pytest.approx(1.0) and np.abs(H @ v).max() < 1e-12
    np.testing.assert_allclose(np.linalg.eigvalsh(H), d["eigvals"], atol=1e-12)
    assert np.abs(d["null_components"]).max() < 1e-8
    # distance to w*: the null component of w*, which no alpha removes
    np.testing.assert_allclose(d["dist_to_w_star"], abs(v @ w_star), rtol=0.1)
    assert np.all(np.diff(d["dist_to_limit"]) < 0) and d["dist_to_limit"][-1] < 1e-5


def test_tradeoff_against_numpy_and_scipy_minimizer():
    """J rise, penalties and J~ recomputed from their formulas; w~ is what scipy finds minimizing J~ and is lower than J~(w*)."""
    d = ex.tradeoff_exercise()
    H, w_star, a = rotation(20) @ np.diag([0.5, 4.0]) @ rotation(20).T, np.array([2.0, 1.6]), 1.0
    np.testing.assert_allclose(d["H"], H, atol=1e-14)

    def J_tilde(w):
        e = w - w_star
        return 0.5 * e @ H @ e + 0.5 * a * w @ w

    found = minimize(J_tilde, w_star, method="BFGS", options={"gtol": 1e-12}).x
    np.testing.assert_allclose(d["w_tilde"], found, atol=1e-6)
    e = d["w_tilde"] - w_star
    assert d["J_rise"] == pytest.approx(0.5 * e @ H @ e)
    assert d["penalty_w_star"] == pytest.approx(0.5 * a * w_star @ w_star)
    assert d["penalty_w_tilde"] == pytest.approx(0.5 * a * d["w_tilde"] @ d["w_tilde"])
    assert d["J_tilde_w_tilde"] == pytest.approx(J_tilde(d["w_tilde"]))
    assert d["J_tilde_w_star"] == pytest.approx(J_tilde(w_star))
    assert d["J_tilde_w_tilde"] < d["J_tilde_w_star"]
    assert d["J_rise"] < d["penalty_w_star"] - d["penalty_w_tilde"]


# ------------------------------------------------------------------ eigen page


def test_shrinkage_exercise_against_a_matrix_with_those_eigenvalues():
    """Factors match lambda/(lambda+alpha) of numpy's eigvalsh of H = Q diag Q^T, and their sum is tr(H (H + alpha I)^-1)."""
    d = ex.shrinkage_exercise()
    Q = np.linalg.qr(np.random.default_rng(5).standard_normal((3, 3)))[0]
    H = Q @ np.diag(d["eigvals"]) @ Q.T
    lam = np.linalg.eigvalsh(H)
    a = d["alpha"]
    np.testing.assert_allclose(np.sort(d["factors"]), np.sort(lam / (lam + a)), rtol=1e-12)
    assert d["effective"] == pytest.approx(
        np.trace(H @ np.linalg.inv(H + a * np.eye(3))), rel=1e-12
    )
    np.testing.assert_allclose(d["factors"], [0.9, 0.5, 1 / 11], rtol=1e-13)
    assert d["rank"] == np.linalg.matrix_rank(H)


def test_rotation_exercise_against_numpy_eigh_and_solve():
    """Coordinates, factors and w~ agree with numpy's eigendecomposition (signs matched) and numpy's solve."""
    d = ex.rotation_exercise()
    H, w_star, a = d["H"], d["w_star"], d["alpha"]
    np.testing.assert_allclose(H, [[2.0, -1.0], [-1.0, 2.0]], atol=1e-14)
    lam, V = np.linalg.eigh(H)
    np.testing.assert_allclose(lam, d["eigvals"], atol=1e-13)
    signs = np.sign(np.sum(V * d["Q"], axis=0))  # numpy may flip an eigenvector
    V = V * signs
    np.testing.assert_allclose(V, d["Q"], atol=1e-13)
    np.testing.assert_allclose(d["coords"], V.T @ w_star, atol=1e-13)
    np.testing.assert_allclose(d["scaled"], lam / (lam + a) * (V.T @ w_star), atol=1e-13)
    np.testing.assert_allclose(d["w_tilde"], solve_w_tilde(H, w_star, a), atol=1e-13)
    np.testing.assert_allclose(d["w_tilde"], [1.25, -0.25], atol=1e-13)
    np.testing.assert_allclose(d["w_tilde_solve"], d["w_tilde"], atol=1e-13)


@pytest.mark.parametrize(
    ("eigvals", "target"),
    [((4.0, 1.0), 1.0), ((9.0, 1.0, 0.1), 1.5), ((1e-3, 1e2, 5.0, 0.0), 0.2), ((3.0,), 0.99)],
)
def test_alpha_for_effective_parameters_against_brentq(eigvals, target):
    """The alpha found is scipy's brentq root of sum lambda/(lambda+alpha) - target."""
    lam = np.array(eigvals)
    alpha = ex.alpha_for_effective_parameters(lam, target)
    root = brentq(lambda a: np.sum(lam / (lam + a)) - target, 1e-12, 1e12, xtol=1e-14, rtol=1e-14)
    assert alpha == pytest.approx(root, rel=1e-9)


def test_effective_target_exercise_closed_form():
    """For two eigenvalues and target 1 the answer is the geometric mean (2 for 4 and 1), and the factors sum to 1."""
    d = ex.effective_target_exercise()
    assert d["alpha"] == pytest.approx(math.sqrt(4.0 * 1.0), rel=1e-12)
    assert d["geometric_mean"] == pytest.approx(2.0)
    np.testing.assert_allclose(d["factors"], [4 / 6, 1 / 3], rtol=1e-12)
    for lam in [(0.3, 7.0), (2.0, 50.0)]:
        assert ex.effective_target_exercise(lam)["alpha"] == pytest.approx(
            math.sqrt(lam[0] * lam[1]), rel=1e-10
        )


def test_halving_exercise_against_brentq():
    """Each alpha is brentq's root of lambda/(lambda+alpha) = target; the factors there are recomputed."""
    d = ex.halving_exercise()
    lam1, lam2 = d["eigvals"]
    half = brentq(lambda a: lam1 / (lam1 + a) - 0.5, 1e-9, 1e9)
    small = brentq(lambda a: lam2 / (lam2 + a) - d["small"], 1e-9, 1e9)
    assert d["alpha_half"] == pytest.approx(half) and d["alpha_small"] == pytest.approx(small)
    np.testing.assert_allclose(d["factors_half"], [0.5, lam2 / (lam2 + half)])
    np.testing.assert_allclose(d["factors_small"], [lam1 / (lam1 + small), d["small"]])
    assert d["alpha_small"] == pytest.approx(36.0)


# ------------------------------------------------------------------ geometry page


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"eigvals": (2.0, 2.0)},
        {"angle_deg": 0.0},
        {"alpha": 0.6362942557684932},
        {"eigvals": (0.0, 4.0), "alpha": 0.0},
        {"eigvals": (0.01, 4.0), "alpha": 0.1, "angle_deg": -35.0, "w_star": (-1.0, 2.5)},
    ],
)
def test_explorer_readout_against_numpy(settings):
    """Every readout recomputed from H = R diag R^T with numpy (solve, or pinv for alpha = 0)."""
    s = {"eigvals": (0.5, 4.0), "angle_deg": 20.0, "w_star": (2.0, 1.6), "alpha": 1.0, **settings}
    R, lam, w_star, a = (
        rotation(s["angle_deg"]),
        np.array(s["eigvals"]),
        np.array(s["w_star"]),
        s["alpha"],
    )
    H = R @ np.diag(lam) @ R.T
    w = np.linalg.pinv(H) @ H @ w_star if a == 0 else solve_w_tilde(H, w_star, a)
    d = ex.explorer_readout(**settings)
    np.testing.assert_allclose(d["w_tilde"], w, atol=1e-12)
    np.testing.assert_allclose(d["coords"], R.T @ w_star, atol=1e-12)
    np.testing.assert_allclose(d["scaled"], R.T @ w, atol=1e-12)
    factors = np.where(lam > 0, 1.0, 0.0) if a == 0 else lam / (lam + a)
    np.testing.assert_allclose(d["factors"], factors, atol=1e-14)
    assert d["norm"] == pytest.approx(np.linalg.norm(w)) and d["norm_w_star"] == pytest.approx(
        np.linalg.norm(w_star)
    )
    assert d["J_hat"] == pytest.approx(0.5 * (w - w_star) @ H @ (w - w_star), abs=1e-12)
    assert d["effective"] == pytest.approx(factors.sum()) and d["rank"] == np.linalg.matrix_rank(H)


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.9])
def test_alpha_for_norm_fraction_against_brentq(fraction):
    """The alpha is brentq's root of |solve(H + alpha I, H w*)| / |w*| - fraction on the page's problem."""
    H, w_star = rotation(20) @ np.diag([0.5, 4.0]) @ rotation(20).T, np.array([2.0, 1.6])
    root = brentq(
        lambda a: np.linalg.norm(solve_w_tilde(H, w_star, a)) / np.linalg.norm(w_star) - fraction,
        1e-9,
        1e9,
        xtol=1e-14,
        rtol=1e-13,
    )
    assert ex.alpha_for_norm_fraction(H, w_star, fraction) == pytest.approx(root, rel=1e-9)


def test_large_alpha_direction_tends_to_H_w_star():
    """w~ by numpy solve; alpha w~ approaches H w*, and the angle of w~ approaches that of H w*, not w*'s."""
    d = ex.large_alpha_exercise()
    H, w_star = rotation(20) @ np.diag([0.5, 4.0]) @ rotation(20).T, np.array([2.0, 1.6])
    Hw = H @ w_star
    np.testing.assert_allclose(d["Hw_star"], Hw, atol=1e-13)
    gaps, angle_gaps = [], []
    for a, w, s, ang in zip(d["alphas"], d["w_tildes"], d["scaled"], d["angles"], strict=True):
        np.testing.assert_allclose(w, solve_w_tilde(H, w_star, a), rtol=1e-12)
        np.testing.assert_allclose(s, a * w, rtol=1e-12)
        assert ang == pytest.approx(np.degrees(np.arctan2(w[1], w[0])))
        gaps.append(np.linalg.norm(s - Hw))
        angle_gaps.append(abs(ang - np.degrees(np.arctan2(Hw[1], Hw[0]))))
    assert np.all(np.diff(gaps) < 0) and gaps[-1] < 0.02 * np.linalg.norm(Hw)
    assert np.all(np.diff(angle_gaps) < 0) and angle_gaps[-1] < 0.5
    assert d["angle_w_star"] == pytest.approx(np.degrees(np.arctan2(1.6, 2.0)))
    assert abs(d["angle_Hw_star"] - d["angle_w_star"]) > 45


def test_explorer_button_matches_exercise_1():
    """Exercise 1 on the geometry page uses the eigenvalues the explorer's first "해 볼 것" button sets."""
    js = (ROOT / "docs" / "javascripts" / "explorer.js").read_text(encoding="utf-8")
    button = re.search(r"equal: function \(s\) \{ s\.eigvals = \[([\d.]+), ([\d.]+)\]", js)
    page = (ROOT / "docs" / "chapter" / "geometry.md").read_text(encoding="utf-8")
    used = re.findall(r"explorer_readout\(eigvals=\(([\d.]+), ([\d.]+)\)\)", page)
    assert button and used
    assert {tuple(map(float, u)) for u in used} == {tuple(map(float, button.groups()))}


# ------------------------------------------------------------------ the notebook page (Longley)


def longley_standardized():
    """Longley standardized by numpy here (population std), and the centered target."""
    from ridgedoc import load_longley

    data = load_longley()
    Z = (data.X - data.X.mean(axis=0)) / data.X.std(axis=0)
    return Z, data.y - data.y.mean(), data


def test_details_html_known_string():
    """details_html folds paragraphs and lists into one <details class="note">, wraps \\(...\\) for MathJax
    and escapes everything else."""
    out = ex.details_html("a < b, \\(\\alpha'<1\\)\n\n- one\n- two \\(x\\)")
    assert out == (
        '<details class="note"><summary>풀이 보기</summary>'
        "<p>a &lt; b, <span class=\"arithmatex\">\\(\\alpha'&lt;1\\)</span></p>"
        '<ul><li>one</li><li>two <span class="arithmatex">\\(x\\)</span></li></ul></details>'
    )
    folded = ex.details_html("- first line\n  goes on\n- second")
    assert "<ul><li>first line goes on</li><li>second</li></ul>" in folded
    with pytest.raises(ValueError, match="text must be a non-empty string"):
        ex.details_html("  ")
    with pytest.raises(ValueError, match="summary must be a non-empty string"):
        ex.details_html("x", summary="")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ex.longley_effective_parameters_exercise(alpha=0.0), r"alpha must be > 0"),
        (lambda: ex.longley_condition_exercise(alpha=-1.0), r"alpha must be >= 0"),
        (lambda: ex.longley_loo_exercise(alphas=[-1.0, 1.0]), r"alphas must all be >= 0"),
        (lambda: ex.longley_convention_exercise(alpha=0.0), r"alpha must be > 0"),
    ],
)
def test_longley_exercises_reject_bad_alpha(call, match):
    """The notebook's exercise functions reject an alpha outside their range, naming it."""
    with pytest.raises(ValueError, match=match):
        call()


def test_longley_effective_parameters_against_eigvalsh_and_hat_trace():
    """Exercise 1: the eigenvalues are numpy's eigvalsh of ZᵀZ, the effective number is their shrinkage sum
    and the trace of the hat matrix, and the directions shrunk below 1/2 are those with eigenvalue < alpha."""
    Z, _, _ = longley_standardized()
    d = ex.longley_effective_parameters_exercise(alpha=1.0)
    lam = np.linalg.eigvalsh(Z.T @ Z)[::-1]
    np.testing.assert_allclose(d["eigvals"], lam, rtol=1e-9)
    np.testing.assert_allclose(d["factors"], lam / (lam + 1.0), rtol=1e-9)
    S = Z @ np.linalg.solve(Z.T @ Z + np.eye(6), Z.T)
    assert d["effective"] == pytest.approx(np.trace(S), rel=1e-10)
    assert d["from_ridgedoc"] == pytest.approx(np.trace(S), rel=1e-10)
    assert d["below_half"] == np.count_nonzero(lam < 1.0) == 3
    assert d["n"] == 6
    assert f"{np.trace(S):.2f}개" in d["answer"] and ex.fmt_sig(lam[-1], 3) in d["answer"]


def test_longley_condition_against_numpy_cond():
    """Exercise 2: cond(X), cond(XᵀX) and cond(XᵀX + αI) equal numpy.linalg.cond, and at
    alpha_match the ridge matrix has exactly cond(X), a little less alpha leaves it above."""
    Z, _, _ = longley_standardized()
    d = ex.longley_condition_exercise(alpha=1.0)
    gram = Z.T @ Z
    assert d["cond_X"] == pytest.approx(np.linalg.cond(Z), rel=1e-9)
    assert d["cond_gram"] == pytest.approx(np.linalg.cond(gram), rel=1e-6)
    assert d["cond_ridge"] == pytest.approx(np.linalg.cond(gram + np.eye(6)), rel=1e-9)
    a = d["alpha_match"]
    assert np.linalg.cond(gram + a * np.eye(6)) == pytest.approx(np.linalg.cond(Z), rel=1e-9)
    assert d["cond_at_match"] == pytest.approx(np.linalg.cond(Z), rel=1e-9)
    assert np.linalg.cond(gram + 0.9 * a * np.eye(6)) > np.linalg.cond(Z)
    assert d["cond_ridge"] < d["cond_X"]  # the answer says alpha = 1 is already below cond(X)
    s = np.linalg.svd(Z, compute_uv=False)
    assert f"={s[0] * s[-1]:.3f}" in d["answer"] and f"{np.linalg.cond(gram + np.eye(6)):.1f}" in d["answer"]


def test_longley_loo_against_ridgecv_and_refitting():
    """Exercise 3: the alpha is RidgeCV's leave-one-out choice (with an intercept) on the notebook's grid; the
    leverages are 1/m plus the diagonal of X(XᵀX+αI)⁻¹Xᵀ built with numpy; the largest is 1962's, the year
    where YEAR, GNP and POP are largest (as the answer says); its left-out residual equals refitting
    scikit-learn's Ridge (intercept included) on the other 15 years."""
    from sklearn.linear_model import RidgeCV

    Z, y, data = longley_standardized()
    m = len(y)
    grid = np.logspace(-4, 4, 81)
    d = ex.longley_loo_exercise()
    np.testing.assert_allclose(d["alphas"], grid, rtol=1e-12)
    assert d["alpha"] == pytest.approx(RidgeCV(alphas=grid, fit_intercept=True).fit(Z, data.y).alpha_, rel=1e-12)
    a = d["alpha"]
    S = Z @ np.linalg.solve(Z.T @ Z + a * np.eye(6), Z.T)
    h = 1 / m + np.diag(S)
    np.testing.assert_allclose(d["leverage"], h, rtol=1e-8)
    i = int(np.argmax(h))
    assert d["index"] == i
    names = list(data.feature_names)
    assert d["year"] == 1962 == data.X[i, names.index("YEAR")]
    for name in ("YEAR", "GNP", "POP"):
        assert i == int(np.argmax(data.X[:, names.index(name)])), name
    assert d["h"] == pytest.approx(h[i], rel=1e-8)
    assert d["inflation"] == pytest.approx(1 / (1 - h[i]), rel=1e-8)
    assert d["residual"] == pytest.approx(y[i] - (S @ y)[i], rel=1e-8)
    keep = np.arange(m) != i
    refit = data.y[i] - Ridge(alpha=a, fit_intercept=True, solver="svd").fit(Z[keep], data.y[keep]).predict(Z[i : i + 1])[0]
    assert d["refit_residual"] == pytest.approx(refit, rel=1e-7)
    assert d["loo_residual"] == pytest.approx(refit, rel=1e-7)
    assert d["trace"] == pytest.approx(np.trace(S), rel=1e-10)
    assert d["m"] == 16
    assert "1962년" in d["answer"] and f"={1 / (1 - h[i]):.2f}\\)배" in d["answer"]
    assert d["answer"].count(f"{refit:.1f}") == 2  # the closed form and the refit, printed alike


def test_longley_convention_against_direct_minimization_of_715():
    """Exercise 4: (7.15) as printed with alpha' = 2 alpha is minimized (gradient 0) at scikit-learn's Ridge(alpha);
    with alpha' = alpha its minimizer solve(XᵀX + α/2 I, Xᵀy) differs by the printed share; the shrinkage
    factors of the smallest eigenvalue of ZᵀZ are as printed."""
    Z, y, _ = longley_standardized()
    d = ex.longley_convention_exercise(alpha=1.0)
    w_sk = Ridge(alpha=1.0, fit_intercept=False, solver="svd").fit(Z, y).coef_
    np.testing.assert_allclose(d["w_717"], w_sk, rtol=1e-9)
    w_715 = np.linalg.solve(2 * Z.T @ Z + 1.0 * np.eye(6), 2 * Z.T @ y)  # gradient of (7.15) = 0, alpha' = 1
    np.testing.assert_allclose(d["w_715_same"], w_715, rtol=1e-8)
    assert d["alpha_715"] == 2.0
    ref = np.linalg.norm(2 * Z.T @ y)
    assert d["grad_double"] == pytest.approx(np.linalg.norm(2 * Z.T @ (Z @ w_sk - y) + 2.0 * w_sk) / ref, abs=1e-12)
    assert d["grad_double"] < 1e-12
    assert d["grad_same"] == pytest.approx(np.linalg.norm(2 * Z.T @ (Z @ w_sk - y) + 1.0 * w_sk) / ref, rel=1e-6)
    assert d["diff_same"] == pytest.approx(np.abs(w_715 - w_sk).max() / np.abs(w_sk).max(), rel=1e-6)
    lam = np.linalg.eigvalsh(Z.T @ Z)[0]
    assert d["eig_min"] == pytest.approx(lam, rel=1e-8)
    assert d["factor_717"] == pytest.approx(lam / (lam + 1.0), rel=1e-8)
    assert d["factor_715"] == pytest.approx(lam / (lam + 0.5), rel=1e-8)
    assert 1.9 < d["factor_ratio"] < 2.0  # "거의 두 배"
    assert f"최대 {100 * np.abs(w_715 - w_sk).max() / np.abs(w_sk).max():.0f}%" in d["answer"]


def test_notebook_exercise_cells():
    """The notebook ends with "## 연습 문제": 3-5 questions (markdown), each followed by one code cell that calls a
    function of ridgedoc.exercises and displays details_html; no cell carries outputs."""
    nb = json.loads((ROOT / "docs" / "chapter" / "linear-regression.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    start = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## 연습 문제"))
    assert all(not "".join(c["source"]).lstrip().startswith("## ") for c in cells[start + 1 :])
    tail = cells[start + 1 :]
    questions = [i for i, c in enumerate(tail) if c["cell_type"] == "markdown" and "**문제" in "".join(c["source"])]
    assert 3 <= len(questions) <= 5
    for i in questions:
        answer = tail[i + 1]
        source = "".join(answer["source"])
        assert answer["cell_type"] == "code" and answer["outputs"] == [], answer["id"]
        called = re.findall(r"exercises\.(longley_\w+)\(", source)
        assert len(called) == 1 and hasattr(ex, called[0]), (answer["id"], called)
        assert "display(HTML(exercises.details_html(" in source, answer["id"]


# ------------------------------------------------------------------ the built pages


def exercise_section(site: Path, page: str) -> str:
    """HTML of the page's "연습 문제" section: from its heading to the next h2 (the citation box)."""
    text = (site / "chapter" / page / "index.html").read_text(encoding="utf-8")
    article = text.split("<article", 1)[1].split("</article>", 1)[0]
    start = article.index('<h2 id="연습-문제"')
    end = article.find("<h2", start + 1)
    return article[start:] if end < 0 else article[start:end]


def _as_tex(fragment: str) -> str:
    """Rendered math (KaTeX's markup) back to its TeX, as search indexes it: ``\\(tex\\)`` or ``\\[tex\\]``."""
    from ridgedoc.site import htmlscan

    doc = htmlscan.scan(fragment)
    spans = []
    for el in doc.find("span", cls="katex"):
        notes = doc.find("annotation", within=el)
        tex = doc.inner(notes[0]) if notes else ""
        display = any(o.has_class("katex-display") and o.start < el.start and el.end <= o.end
                      for o in doc.find("span", cls="katex-display"))
        spans.append((el.start, el.end, f"\\[{tex}\\]" if display else f"\\({tex}\\)"))
    return htmlscan.splice(fragment, spans)


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", _as_tex(fragment)))


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_page_ends_with_exercises_and_folded_answers(built_site, page):
    """3-5 exercises, each question with numbers followed by one closed <details> "풀이 보기" showing numbers, not code."""
    section = exercise_section(built_site, page)
    questions = [m.start() for m in re.finditer(r"<p><strong>문제 \d+ \(", section)]
    details = list(re.finditer(r"<details([^>]*)>(.*?)</details>", section, re.S))
    assert 3 <= len(questions) <= 5, f"{page}: {len(questions)} exercises"
    assert len(details) == len(questions), (
        f"{page}: {len(questions)} exercises but {len(details)} answers"
    )
    bounds = questions + [len(section)]
    for i, d in enumerate(details):
        assert bounds[i] < d.start() < bounds[i + 1], (
            f"{page}: answer {i + 1} is not right after its exercise"
        )
        question = plain(section[bounds[i] : d.start()])
        assert re.search(r"\d", question.split(")", 1)[1]), (
            f"{page}: exercise {i + 1} has no numbers"
        )
        assert "open" not in d.group(1), f"{page}: answer {i + 1} is not folded"
        body = d.group(2)
        assert re.search(r"<summary>\s*풀이 보기\s*</summary>", body), (
            f"{page}: answer {i + 1} summary"
        )
        text = plain(body.split("</summary>", 1)[1])
        assert len(re.findall(r"\d+(?:\.\d+)?", text)) >= 3, (
            f"{page}: answer {i + 1} shows too few numbers"
        )
        assert len(re.sub(r"\s+", "", text)) > 80, f"{page}: answer {i + 1} is not explained"
        for code in ("print(", "import ", "Traceback", "rd-exec-error"):
            assert code not in body, f"{page}: answer {i + 1} shows {code!r}"


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_exercises_and_answers_are_in_the_search_index(built_site, page):
    """The search index entry of each "연습 문제" section holds every question's and answer's first words."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"] == f"chapter/{page}/#연습-문제"]
    assert len(entries) == 1, f"{page}: {len(entries)} search entries for 연습 문제"
    indexed = re.sub(r"\s+", "", plain(entries[0]["text"]))
    section = exercise_section(built_site, page)
    for m in re.finditer(r"<details[^>]*>.*?</summary>(.*?)</details>", section, re.S):
        start = re.sub(r"\s+", "", plain(m.group(1)))[:40]
        assert start and start in indexed, (
            f"{page}: answer starting {start!r} is not in the search index"
        )
    for m in re.finditer(r"<p><strong>문제 \d+.*?</p>", section, re.S):
        start = re.sub(r"\s+", "", plain(m.group(0)))[:40]
        assert start in indexed, f"{page}: exercise starting {start!r} is not in the search index"


@pytest.mark.build
def test_notebook_page_ends_with_folded_exercises(built_site):
    """The built notebook page has a "연습 문제" h2 with 3-5 questions, each followed by one closed
    <details> "풀이 보기" whose text holds at least three numbers and no error."""
    section = exercise_section(built_site, "linear-regression")
    questions = [m.start() for m in re.finditer(r"<strong>문제 \d+\.</strong>", section)]
    details = list(re.finditer(r"<details([^>]*)>(.*?)</details>", section, re.S))
    assert 3 <= len(questions) <= 5, f"{len(questions)} exercises"
    assert len(details) == len(questions), f"{len(questions)} exercises but {len(details)} answers"
    bounds = questions + [len(section)]
    for i, d in enumerate(details):
        assert bounds[i] < d.start() < bounds[i + 1], f"answer {i + 1} is not right after its exercise"
        assert "open" not in d.group(1), f"answer {i + 1} is not folded"
        body = d.group(2)
        assert re.search(r"<summary>\s*풀이 보기\s*</summary>", body), f"answer {i + 1} summary"
        text = plain(body.split("</summary>", 1)[1])
        assert len(re.findall(r"\d+(?:\.\d+)?", text)) >= 3, f"answer {i + 1} shows too few numbers"
        assert len(re.sub(r"\s+", "", text)) > 80, f"answer {i + 1} is not explained"
        assert 'class="arithmatex"' in body, f"answer {i + 1} has no typeset math"
        for bad in ("Traceback", "Error", "{d[", "rd-exec-error"):
            assert bad not in body, f"answer {i + 1} shows {bad!r}"


# ------------------------------------------------------------------ in the browser


@pytest.mark.browser
def test_print_shows_every_answer_and_screen_keeps_its_folds(built_site, site_url):
    """Printing to PDF prints every folded answer; afterwards the screen is as before (one opened, the rest folded).

    Material's own script opens every closed <details> on "beforeprint" and restores
    each one on "afterprint"; this checks that the site keeps that behaviour.
    """
    from pypdf import PdfReader

    from tests.sitecheck import browser

    open_count = "els => els.filter(e => e.open).length"
    words_js = (
        "els => els.map(e => { const p = e.querySelector('p, li').cloneNode(true);"
        " p.querySelectorAll('.katex').forEach(m => m.remove()); return p.textContent; })"
    )
    with browser() as b:
        page = b.new_page()
        page.goto(site_url + "chapter/weight-decay/", wait_until="load")
        page.wait_for_function("document.fonts.status === 'loaded'")  # the math is in the HTML
        assert page.locator("article details").count() >= 3
        assert page.eval_on_selector_all("article details", open_count) == 0
        answers = page.eval_on_selector_all("article details", words_js)
        page.locator("article details summary").nth(1).click()  # the reader opened answer 2
        pdf = page.pdf(format="A4")
        still_open = page.eval_on_selector_all("article details", "els => els.map(e => e.open)")
    assert still_open == [False, True] + [False] * (len(still_open) - 2)
    printed = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    )
    for text in answers:
        words = re.sub(r"\s+", "", text)[:12]
        assert len(words) >= 6 and words in printed, f"answer starting {words!r} was not printed"


@pytest.mark.browser
def test_explorer_shows_the_answers_of_the_explorer_exercises(built_site, site_url):
    """Setting the explorer as exercises 1-4 say gives the w~ (and |w~|) that ridgedoc's answers print."""
    from tests.sitecheck import browser

    H, w_star = rotation(20) @ np.diag([0.5, 4.0]) @ rotation(20).T, np.array([2.0, 1.6])
    half = ex.alpha_for_norm_fraction(H, w_star, 0.5)
    cases = [
        ({"lam1": 2, "lam2": 2}, ex.explorer_readout(eigvals=(2.0, 2.0))),
        ({"alpha": half}, ex.explorer_readout(alpha=half)),
        ({"alpha": 1000}, ex.explorer_readout(alpha=1000.0)),
        ({"angle": 0}, ex.explorer_readout(angle_deg=0.0)),
    ]
    with browser() as b:
        page = b.new_page()
        page.goto(site_url + "chapter/geometry/", wait_until="load")
        page.wait_for_selector("section.rd-explorer.rd-explorer--js")
        for fields, answer in cases:
            page.click('[data-action="reset"]')
            for key, value in fields.items():
                page.fill(f'[data-control="{key}"]', repr(value))
            marker = page.locator(".rd-explorer__wtilde")
            shown = [float(marker.get_attribute("data-w1")), float(marker.get_attribute("data-w2"))]
            np.testing.assert_allclose(shown, answer["w_tilde"], rtol=1e-9, atol=1e-12)
            norm = float(page.get_attribute('[data-readout="norm"]', "data-value"))
            assert norm == pytest.approx(answer["norm"], rel=1e-9)

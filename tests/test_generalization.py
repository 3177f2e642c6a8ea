"""Ridge error paths over random splits, and the numbers of docs/chapter/generalization.md.

References: scikit-learn (StandardScaler + Ridge per alpha, RidgeCV's leave-one-out,
LinearRegression, PolynomialFeatures), brute-force leave-one-out refits, numpy's own
random permutations and linear solves. The page's blocks are run as written
(tests/pageblocks.py) and every number they print is recomputed here.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression, Ridge, RidgeCV
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import ridgedoc as rd
from tests.pageblocks import numbers, run_block

PAGE = "chapter/generalization.md"
ALPHAS = np.logspace(-3, 4, 57)  # the page's grid
N_TRAIN, N_SPLITS, SEED = 150, 100, 0


@pytest.fixture(scope="module")
def diabetes_X():
    """The page's design: diabetes inputs with squares and pairwise products (64 columns)."""
    data = rd.load_diabetes()
    X, _ = rd.pairwise_features(data.X, data.feature_names)
    return X, data.y


def sk_split(X, y, train, test, alpha):
    """Train MSE, held-out MSE and coefficients of StandardScaler + Ridge (or OLS for alpha=0)."""
    scaler = StandardScaler().fit(X[train])
    Zt, Zs = scaler.transform(X[train]), scaler.transform(X[test])
    model = LinearRegression() if alpha == 0 else Ridge(alpha=alpha, solver="svd")
    model.fit(Zt, y[train])
    return (np.mean((model.predict(Zt) - y[train]) ** 2), np.mean((model.predict(Zs) - y[test]) ** 2),
            model.coef_, Zt)


def independent_splits(m, n_train, n_splits, seed):
    """Split k = the first n_train entries of the k-th permutation drawn from default_rng(seed)."""
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(m) for _ in range(n_splits)]
    return [(p[:n_train], p[n_train:]) for p in perms]


def sk_loo(Zt, y, alphas):
    """RidgeCV's exact leave-one-out mean squared error (with intercept) for each alpha."""
    cv = RidgeCV(alphas=alphas, fit_intercept=True, store_cv_results=True).fit(Zt, y)
    return cv.cv_results_.mean(axis=0), cv.alpha_


# --- the library against scikit-learn --------------------------------------------------


def test_random_splits_are_numpy_permutations():
    """random_splits(m, n, k, seed) returns the first n / remaining entries of k default_rng permutations."""
    train, test = rd.random_splits(442, N_TRAIN, 5, SEED)
    for k, (tr, te) in enumerate(independent_splits(442, N_TRAIN, 5, SEED)):
        assert_allclose(train[k], tr)
        assert_allclose(test[k], te)
        assert sorted(np.concatenate([train[k], test[k]]).tolist()) == list(range(442))


def test_pairwise_features_match_polynomial_features(diabetes_X):
    """pairwise_features gives PolynomialFeatures(degree=2) columns, minus the square of the 1/2-coded SEX."""
    data = rd.load_diabetes()
    X, names = diabetes_X[0], rd.pairwise_features(data.X, data.feature_names)[1]
    poly = PolynomialFeatures(degree=2, include_bias=False).fit(data.X)
    P = poly.transform(data.X)
    sk_names = [n.replace(" ", "*") for n in poly.get_feature_names_out(list(data.feature_names))]
    ours = dict(zip(names, X.T, strict=True))
    assert X.shape == (442, 64) and len(set(names)) == 64
    for name, col in zip(sk_names, P.T, strict=True):
        key = re.sub(r"^(\w+)\^2$", r"\1^2", name)
        if key == "SEX^2":
            assert key not in ours
            continue
        assert_allclose(ours[key], col)


@pytest.mark.parametrize("split", [0, 1])
def test_split_errors_match_sklearn_per_alpha(diabetes_X, split):
    """The one-SVD path equals StandardScaler + Ridge fitted separately at each alpha (train, test, coef)."""
    X, y = diabetes_X
    tr, te = independent_splits(len(y), N_TRAIN, 2, SEED)[split]
    grid = [0.0, 1e-3, 0.1, 3.0, 100.0, 1e4]
    e = rd.split_errors(X, y, tr, te, grid)
    for i, alpha in enumerate(grid):
        train_mse, test_mse, coef, _ = sk_split(X, y, tr, te, alpha)
        assert_allclose(e.train[i], train_mse, rtol=1e-7)
        assert_allclose(e.test[i], test_mse, rtol=1e-7)
        assert_allclose(e.coefs[i], coef, rtol=1e-6, atol=1e-6 * np.abs(coef).max())


def test_split_errors_loo_matches_ridgecv_and_brute_force(diabetes_X):
    """LOO of split_errors equals RidgeCV's exact LOO, and leaving each row out and refitting."""
    X, y = diabetes_X
    tr, te = independent_splits(len(y), N_TRAIN, 1, SEED)[0]
    e = rd.split_errors(X, y, tr, te, ALPHAS)
    Zt = StandardScaler().fit_transform(X[tr])
    loo, _ = sk_loo(Zt, y[tr], ALPHAS)
    assert_allclose(e.loo, loo, rtol=1e-6)
    for i in (10, 40):
        errs = []
        for k in range(len(tr)):
            keep = np.arange(len(tr)) != k
            model = Ridge(alpha=ALPHAS[i]).fit(Zt[keep], y[tr][keep])
            errs.append((model.predict(Zt[k:k + 1])[0] - y[tr][k]) ** 2)
        assert_allclose(e.loo[i], np.mean(errs), rtol=1e-8)


def test_split_errors_validation():
    """split_errors names the bad argument: shared rows, out-of-range indices, mismatched lengths."""
    X, y = np.arange(20.0).reshape(10, 2) ** 1.5, np.arange(10.0)
    with pytest.raises(ValueError, match="must not share rows"):
        rd.split_errors(X, y, [0, 1, 2], [2, 3], [1.0])
    with pytest.raises(ValueError, match=r"test must index rows 0\.\.9"):
        rd.split_errors(X, y, [0, 1, 2], [3, 10], [1.0])
    with pytest.raises(ValueError, match="does not correspond: 10 != 9"):
        rd.split_errors(X, y[:9], [0, 1, 2], [3], [1.0])
    with pytest.raises(ValueError, match="alphas must all be >= 0"):
        rd.split_errors(X, y, [0, 1, 2], [3], [-1.0])
    with pytest.raises(ValueError, match="must not repeat a row"):
        rd.split_errors(X, y, [0, 1, 1], [3], [1.0])
    with pytest.raises(ValueError, match="n_train must be < m=10"):
        rd.random_splits(10, 10, 1, 0)
    with pytest.raises(TypeError, match="seed must be an integer"):
        rd.random_splits(10, 5, 1, 0.5)
    with pytest.raises(ValueError, match="names must be 2 strings"):
        rd.pairwise_features(X, names=["a"])


# --- the page's numbers, recomputed with scikit-learn ----------------------------------


@pytest.fixture(scope="module")
def sk_study(diabetes_X):
    """For each of the page's 100 splits: alpha by RidgeCV's LOO, held-out MSE there and at alpha = 0."""
    X, y = diabetes_X
    out = {"alpha": [], "at_loo": [], "at_zero": []}
    for tr, te in independent_splits(len(y), N_TRAIN, N_SPLITS, SEED):
        _, _, _, Zt = sk_split(X, y, tr, te, 0.0)
        _, best = sk_loo(Zt, y[tr], ALPHAS)
        out["alpha"].append(best)
        out["at_loo"].append(sk_split(X, y, tr, te, best)[1])
        out["at_zero"].append(sk_split(X, y, tr, te, 0.0)[1])
    return {k: np.array(v) for k, v in out.items()}


def test_study_splits_matches_sklearn(diabetes_X, sk_study):
    """study_splits picks the same alpha as RidgeCV on every split and reports sklearn's held-out errors."""
    X, y = diabetes_X
    s = rd.study_splits(X, y, ALPHAS, n_train=N_TRAIN, n_splits=N_SPLITS, seed=SEED)
    assert_allclose(s.alpha_loo, sk_study["alpha"])
    assert_allclose(s.test_at_loo, sk_study["at_loo"], rtol=1e-7)
    assert_allclose(s.test_at_zero, sk_study["at_zero"], rtol=1e-6)


def test_page_one_split_numbers(diabetes_X):
    """Every number of the one-split sentences equals sklearn's value on the same split."""
    X, y = diabetes_X
    text = run_block(PAGE, "text-one-split")
    tr, te = independent_splits(len(y), N_TRAIN, 1, SEED)[0]
    train0, test0, _, Zt = sk_split(X, y, tr, te, 0.0)
    loo, best = sk_loo(Zt, y[tr], ALPHAS)
    train_b, test_b, _, _ = sk_split(X, y, tr, te, best)
    tests = np.array([sk_split(X, y, tr, te, a)[1] for a in ALPHAS])
    got = [v for v in numbers(text) if v != 0]  # drop the "alpha=0" in the prose
    expected = [round(train0), round(test0), round(test0 / train0, 1), float(f"{best:.3g}"), round(train_b),
                round(test_b), round(100 * test_b / test0), float(f"{ALPHAS[np.argmin(tests)]:.3g}"),
                round(tests.min())]
    assert got == pytest.approx(expected, abs=1.01)  # printed with :.0f, so within one unit


def test_page_many_split_numbers(diabetes_X, sk_study):
    """Wins, medians, percentiles and the variance of y printed on the page match sklearn's recomputation."""
    y = diabetes_X[1]
    text = run_block(PAGE, "text-many-splits")
    z = np.percentile(sk_study["at_zero"], [10, 50, 90])
    r = np.percentile(sk_study["at_loo"], [10, 50, 90])
    a = np.percentile(sk_study["alpha"], [10, 50, 90])
    wins = 100 * np.mean(sk_study["at_loo"] < sk_study["at_zero"])
    assert f"100번 가운데 {wins:.0f}번." in text
    assert f"\\(\\alpha=0\\)이면 {z[1]:.0f}, LOO로 고른 \\(\\alpha\\)이면 {r[1]:.0f}." in text
    assert f"{z[0]:.0f}–{z[2]:.0f}" in text and f"{r[0]:.0f}–{r[2]:.0f}" in text
    assert f"중앙값이 {a[1]:.3g}이고, 10–90 백분위는 {a[0]:.3g}–{a[2]:.3g}" in text
    assert f"분산 {np.var(y):.0f}" in text
    assert f"폭도 {z[2] - z[0]:.0f}에서 {r[2] - r[0]:.0f}로" in text
    verdict = "나쁩니다" if z[1] > np.var(y) else "큰 차이가 없습니다"
    assert verdict in text


def test_page_bridge_check():
    """The bridge block reports (7.10) with H = 2 X^T X and strength 2 alpha equal to (7.17) on Longley."""
    text = run_block(PAGE, "check-bridge")
    rel = [float(x) for x in re.findall(r"= ([0-9.]+e[-+]\d+)", text)]
    assert len(rel) == 4 and max(rel) < 1e-10
    data = rd.load_longley()
    Z = StandardScaler().fit_transform(data.X)
    y = data.y - data.y.mean()
    w_star = np.linalg.solve(Z.T @ Z, Z.T @ y)  # (7.16)
    for alpha in (0.01, 1.0, 100.0):
        ours = rd.w_tilde_solve(2 * Z.T @ Z, w_star, 2 * alpha)
        sk = Ridge(alpha=alpha, fit_intercept=False, solver="cholesky").fit(Z, y).coef_
        assert_allclose(ours, sk, rtol=1e-8, atol=1e-8 * np.abs(sk).max())
    literal = rd.w_tilde_solve(2 * Z.T @ Z, w_star, 1.0)  # (7.15) as printed: (X^T X + I/2)^{-1} X^T y
    assert_allclose(literal, np.linalg.solve(Z.T @ Z + 0.5 * np.eye(6), Z.T @ y), rtol=1e-8)


# --- exercises ---------------------------------------------------------------------------


EX_X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
EX_Y = np.array([1.0, 2.0, 2.0])


def test_exercise_1():
    """Exercise 1: H = 2 X^T X, w* = solve(X^T X, X^T y), and both printed solutions equal solve(X^T X + I, X^T y)."""
    text = run_block(PAGE, "ex-gen-1")
    vals = numbers(text.split("H =")[1])
    H = 2 * EX_X.T @ EX_X
    w_star = np.linalg.solve(EX_X.T @ EX_X, EX_X.T @ EX_Y)
    w = np.linalg.solve(EX_X.T @ EX_X + np.eye(2), EX_X.T @ EX_Y)
    assert_allclose(vals[:4], H.ravel())
    assert_allclose(vals[4:6], w_star, atol=5e-5)
    for line in text.strip().splitlines()[-2:]:  # "(7.10) with strength 2 alpha: [...]", "(7.17), alpha = 1: [...]"
        assert_allclose(numbers(line.rsplit(":", 1)[1]), w, atol=5e-5)


def test_exercise_2():
    """Exercise 2: with H = X^T X and strength alpha, (7.10) and (7.17) both print solve(X^T X + I, X^T y)."""
    text = run_block(PAGE, "ex-gen-2")
    w = np.linalg.solve(EX_X.T @ EX_X + np.eye(2), EX_X.T @ EX_Y)
    rows = [numbers(line.split(":")[1]) for line in text.strip().splitlines()]
    for row in rows:
        assert_allclose(row, w, atol=5e-5)


def test_exercise_3(diabetes_X):
    """Exercise 3: the effective number of parameters at RidgeCV's alpha, from numpy eigenvalues of Z^T Z."""
    X, y = diabetes_X
    text = run_block(PAGE, "ex-gen-3")
    tr, _ = independent_splits(len(y), N_TRAIN, 1, SEED)[0]
    Zt = StandardScaler().fit_transform(X[tr])
    _, best = sk_loo(Zt, y[tr], ALPHAS)
    lam = np.linalg.eigvalsh(Zt.T @ Zt)
    dof = np.sum(lam / (lam + best))
    vals = numbers(text)
    assert vals[0] == pytest.approx(float(f"{best:.3g}"))
    assert vals[1] == pytest.approx(round(dof, 1))
    assert vals[2] == 64


def test_exercise_4(diabetes_X):
    """Exercise 4: held-out errors at huge alpha approach predicting the training mean (sklearn Ridge)."""
    X, y = diabetes_X
    text = run_block(PAGE, "ex-gen-4")
    tr, te = independent_splits(len(y), N_TRAIN, 1, SEED)[0]
    mean_only = np.mean((y[te] - y[tr].mean()) ** 2)
    expected = [sk_split(X, y, tr, te, a)[1] for a in (1e4, 1e6, 1e9)]
    vals = numbers(text.split(":", 1)[1])
    assert_allclose(vals[:3], expected, atol=0.06)
    assert vals[3] == pytest.approx(mean_only, abs=0.06)
    assert abs(expected[-1] - mean_only) < 1e-3 * mean_only


# --- the least-squares baseline and the variance term (issue 25) ------------------------


def test_page_baseline(diabetes_X, sk_study):
    """The baseline block: least squares and LOO ridge on the 64 inputs (sklearn, same splits) and on the
    10 original inputs (sklearn LinearRegression and RidgeCV per split); the sentence's medians, its verdict
    (within 2 %: 'about the same') and the paired count are the same recomputation."""
    X, y = diabetes_X
    X10 = rd.load_diabetes().X
    ls10, ridge10 = [], []
    for tr, te in independent_splits(len(y), N_TRAIN, N_SPLITS, SEED):
        _, test0, _, Zt = sk_split(X10, y, tr, te, 0.0)
        _, best = sk_loo(Zt, y[tr], ALPHAS)
        ls10.append(test0)
        ridge10.append(sk_split(X10, y, tr, te, best)[1])
    expected = {"64 inputs, least squares": sk_study["at_zero"], "64 inputs, ridge, alpha by LOO": sk_study["at_loo"],
                "10 inputs, least squares": np.array(ls10), "10 inputs, ridge, alpha by LOO": np.array(ridge10)}
    text = run_block(PAGE, "check-baseline")
    for label, errors in expected.items():
        (line,) = [ln for ln in text.splitlines() if f"[{label}]" in ln]
        q10, q50, q90 = np.percentile(errors, [10, 50, 90])
        assert numbers(line.split("]")[1]) == pytest.approx([q50, q10, -q90], abs=0.51)  # "q50 (q10-q90)"
    sentence = run_block(PAGE, "text-baseline")
    a, b = np.median(ls10), np.median(sk_study["at_loo"])
    assert f"중앙값 {a:.0f}" in sentence and f"중앙값 {b:.0f}" in sentence
    assert abs(a - b) < 0.02 * b and "거의 같습니다" in sentence
    assert f"{100 * np.mean(np.array(ls10) < sk_study['at_loo']):.0f}번은 최소제곱" in sentence
    assert abs(np.median(ls10) - np.median(ridge10)) < 0.02 * np.median(ls10)  # the prose: 10 inputs, ridge ~ LS


def sk_prediction_variance(X, y, alphas, n_splits):
    """Per row, the variance and mean squared error of StandardScaler + Ridge predictions over the splits
    that held the row out, averaged over rows held out at least twice (scikit-learn, explicit loops)."""
    preds = {a: [[] for _ in range(len(y))] for a in alphas}
    for tr, te in independent_splits(len(y), N_TRAIN, n_splits, SEED):
        scaler = StandardScaler().fit(X[tr])
        for a in alphas:
            model = LinearRegression() if a == 0 else Ridge(alpha=a, solver="svd")
            model.fit(scaler.transform(X[tr]), y[tr])
            for j, p in zip(te, model.predict(scaler.transform(X[te])), strict=True):
                preds[a][j].append(p)
    var, err = [], []
    for a in alphas:
        rows = [(j, np.array(p)) for j, p in enumerate(preds[a]) if len(p) >= 2]
        var.append(np.mean([p.var() for _, p in rows]))
        err.append(np.mean([np.mean((y[j] - p) ** 2) for j, p in rows]))
    return np.array(var), np.array(err)


def test_prediction_variance_matches_sklearn_loops(diabetes_X):
    """prediction_variance equals explicit scikit-learn refits on 20 splits, for alpha = 0, 3 and 300."""
    X, y = diabetes_X
    grid = [0.0, 3.0, 300.0]
    ours = rd.prediction_variance(X, y, grid, n_train=N_TRAIN, n_splits=20, seed=SEED)
    var, err = sk_prediction_variance(X, y, grid, 20)
    assert_allclose(ours.variance, var, rtol=1e-6)
    assert_allclose(ours.error, err, rtol=1e-6)
    with pytest.raises(ValueError, match="n_splits must be >= 2"):
        rd.prediction_variance(X, y, grid, n_train=N_TRAIN, n_splits=1, seed=SEED)


def test_page_variance_block(diabetes_X, sk_study):
    """The variance block: its alphas are 0, the median LOO choice (a grid value) and 1e4; each line's error
    and variance are the sklearn recomputation; the variance falls with alpha, and at alpha = 1e4 almost all
    of the error is noise + bias^2 (the prose's reading)."""
    X, y = diabetes_X
    typical = np.percentile(sk_study["alpha"], 50, method="lower")
    grid = [0.0, typical, 1e4]
    var, err = sk_prediction_variance(X, y, grid, N_SPLITS)
    lines = [ln for ln in run_block(PAGE, "check-variance").splitlines() if ln.startswith("[")]
    assert len(lines) == 3
    assert f"alpha = {typical:g} (median LOO choice)" in lines[1]
    for line, e, v in zip(lines, err, var, strict=True):
        got = numbers(line.split("]")[1])
        assert got == pytest.approx([e, v, e - v], abs=0.51)
    assert var[0] > var[1] > var[2]
    assert var[2] < 0.01 * err[2]
    assert err[1] < err[0] and err[1] < err[2]  # the bottom of the U is in between

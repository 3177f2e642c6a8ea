"""Linear regression with an L2 penalty, (7.14)-(7.17), against independent solvers.

References: numpy.linalg (solve, lstsq, svd), scikit-learn's Ridge and RidgeCV, brute-force
leave-one-out refits, and data built from a chosen SVD so the answer is known exactly
(the pattern of scikit-learn's tests/test_ridge.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge, RidgeCV

import ridgedoc as rd


def ridge_normal_equations(X, y, alpha):
    """(X^T X + alpha I)^{-1} X^T y by numpy.linalg.solve (7.17)."""
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


@pytest.fixture
def data():
    """A well-posed regression problem: 30 samples, 5 features, noisy linear target."""
    rng = np.random.default_rng(42)
    X = rng.normal(size=(30, 5))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + 0.3 * rng.normal(size=30)
    return X, y


@pytest.fixture
def svd_data():
    """X = U diag(s) V^T from a chosen SVD (s = 10, 3, 1, 0.01), and y."""
    rng = np.random.default_rng(7)
    U, _ = np.linalg.qr(rng.normal(size=(20, 4)))
    V, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    s = np.array([10.0, 3.0, 1.0, 0.01])
    X = U @ np.diag(s) @ V.T
    y = rng.normal(size=20)
    return X, y, U, s, V


@pytest.fixture
def wide_data():
    """More features than samples (8 x 12): X^T X is singular."""
    rng = np.random.default_rng(5)
    return rng.normal(size=(8, 12)), rng.normal(size=8)


ALPHAS = [1e-3, 0.1, 1.0, 10.0, 1e3]


# --- ridge against independent solvers ----------------------------------------------


@pytest.mark.parametrize("method", ["svd", "cholesky"])
@pytest.mark.parametrize("alpha", ALPHAS)
def test_ridge_matches_normal_equations(data, method, alpha):
    """ridge equals numpy.linalg.solve(X^T X + alpha I, X^T y), i.e. (7.17)."""
    X, y = data
    assert_allclose(rd.ridge(X, y, alpha, method=method), ridge_normal_equations(X, y, alpha), rtol=1e-10)


@pytest.mark.parametrize("method", ["svd", "cholesky"])
@pytest.mark.parametrize("alpha", [0.1, 1.0, 100.0])
def test_ridge_matches_known_svd_solution(svd_data, method, alpha):
    """For X = U diag(s) V^T the answer is V diag(s/(s^2+alpha)) U^T y, built from the chosen factors."""
    X, y, U, s, V = svd_data
    expected = V @ ((s / (s**2 + alpha)) * (U.T @ y))
    assert_allclose(rd.ridge(X, y, alpha, method=method), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", ["svd", "cholesky"])
@pytest.mark.parametrize("solver,kwargs", [("svd", {}), ("cholesky", {}), ("lsqr", {"tol": 1e-14})])
@pytest.mark.parametrize("alpha", [0.01, 1.0, 50.0])
def test_ridge_matches_sklearn(data, method, solver, kwargs, alpha):
    """ridge equals sklearn Ridge(alpha, fit_intercept=False) for several solvers."""
    X, y = data
    ref = Ridge(alpha=alpha, fit_intercept=False, solver=solver, **kwargs).fit(X, y).coef_
    assert_allclose(rd.ridge(X, y, alpha, method=method), ref, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("alpha", [0.5, 5.0])
def test_ridge_wide_matches_sklearn_and_dual(wide_data, alpha):
    """With p > n, ridge equals sklearn and the dual form X^T (X X^T + alpha I)^{-1} y."""
    X, y = wide_data
    dual = X.T @ np.linalg.solve(X @ X.T + alpha * np.eye(X.shape[0]), y)
    ref = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(X, y).coef_
    for method in ["svd", "cholesky"]:
        w = rd.ridge(X, y, alpha, method=method)
        assert_allclose(w, dual, rtol=1e-9, atol=1e-12)
        assert_allclose(w, ref, rtol=1e-9, atol=1e-12)


def test_alpha_zero_equals_lstsq(data, svd_data):
    """ridge at alpha=0 (and least_squares) equals numpy.linalg.lstsq, i.e. (7.16)."""
    for X, y in [data, svd_data[:2]]:
        expected = np.linalg.lstsq(X, y, rcond=None)[0]
        assert_allclose(rd.ridge(X, y, 0.0), expected, rtol=1e-9)
        assert_allclose(rd.least_squares(X, y), expected, rtol=1e-9)


def test_alpha_zero_rank_deficient_is_minimum_norm(wide_data):
    """For rank-deficient X, alpha=0 gives lstsq's minimum-norm solution."""
    X, y = wide_data
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_allclose(rd.ridge(X, y, 0.0), expected, rtol=1e-9, atol=1e-12)
    assert_allclose(rd.least_squares(X, y), expected, rtol=1e-9, atol=1e-12)
    assert_allclose(X @ rd.least_squares(X, y), y, atol=1e-10)  # interpolates


def test_small_alpha_approaches_least_squares(data):
    """ridge(alpha) -> least squares as alpha -> 0, with error shrinking with alpha."""
    X, y = data
    ls = np.linalg.lstsq(X, y, rcond=None)[0]
    errors = [np.linalg.norm(rd.ridge(X, y, a) - ls) for a in [1.0, 1e-2, 1e-4, 1e-6]]
    assert np.all(np.diff(errors) < 0)
    assert errors[-1] < 1e-6


@pytest.mark.parametrize("alpha", [0.2, 3.0])
def test_duplicated_columns_split_weight(data, alpha):
    """Ridge on [X, X] at alpha gives each copy half of ridge on X at alpha/2."""
    X, y = data
    p = X.shape[1]
    w2 = rd.ridge(np.hstack([X, X]), y, alpha)
    half = rd.ridge(X, y, alpha / 2) / 2
    assert_allclose(w2[:p], half, rtol=1e-9)
    assert_allclose(w2[p:], half, rtol=1e-9)
    assert_allclose(half, ridge_normal_equations(X, y, alpha / 2) / 2, rtol=1e-9)


@pytest.mark.parametrize("alpha", [0.2, 3.0])
def test_duplicated_halved_columns_sklearn_form(data, alpha):
    """scikit-learn's form: ridge on [X, X]/2 at alpha/2 gives each copy ridge on X at alpha."""
    X, y = data
    p = X.shape[1]
    w2 = rd.ridge(np.hstack([X, X]) / 2, y, alpha / 2)
    expected = ridge_normal_equations(X, y, alpha)
    assert_allclose(w2[:p], expected, rtol=1e-9)
    assert_allclose(w2[p:], expected, rtol=1e-9)


def test_cholesky_needs_positive_alpha(data):
    """method='cholesky' at alpha=0 raises ValueError pointing to method='svd'."""
    X, y = data
    with pytest.raises(ValueError, match=r"cholesky.*alpha > 0.*svd"):
        rd.ridge(X, y, 0.0, method="cholesky")


# --- ridge path and effective parameters ------------------------------------------------


def test_ridge_path_rows_equal_per_alpha_ridge(data):
    """Row i of ridge_path equals the normal-equation solution at alphas[i]."""
    X, y = data
    alphas = np.logspace(-3, 4, 15)
    path = rd.ridge_path(X, y, alphas)
    assert path.shape == (15, 5)
    for a, row in zip(alphas, path, strict=True):
        assert_allclose(row, ridge_normal_equations(X, y, a), rtol=1e-9)
        assert_allclose(row, rd.ridge(X, y, a, method="cholesky"), rtol=1e-9)


def test_ridge_path_norm_decreases(data):
    """|w(alpha)| along the ridge trace strictly decreases as alpha grows."""
    X, y = data
    norms = np.linalg.norm(rd.ridge_path(X, y, np.logspace(-3, 5, 40)), axis=1)
    assert np.all(np.diff(norms) < 0)


def test_ridge_equals_quadratic_model_with_h_xtx(data):
    """Ridge is w_tilde of section 2 with H = 2 X^T X, w* = least squares, and alpha doubled."""
    # J(w) = |Xw - y|^2 has Hessian 2 X^T X; (7.2)'s alpha/2 |w|^2 is |w|^2 alpha_ridge for alpha = 2 alpha_ridge
    X, y = data
    H = 2 * X.T @ X
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    for a in [0.1, 4.0]:
        assert_allclose(rd.w_tilde_solve(H, w_star, 2 * a), rd.ridge(X, y, a), rtol=1e-9)


def hat_trace(X, alpha):
    """trace of X (X^T X + alpha I)^{-1} X^T via the stable augmented least-squares system."""
    n, p = X.shape
    A = np.vstack([X, np.sqrt(alpha) * np.eye(p)])
    B = np.vstack([np.eye(n), np.zeros((p, n))])
    coef = np.linalg.lstsq(A, B, rcond=None)[0]  # (X^T X + alpha I)^{-1} X^T
    return np.trace(X @ coef)


@pytest.mark.parametrize("alpha", [1e-3, 0.5, 10.0, 1e4])
def test_ridge_effective_parameters_is_hat_trace(data, alpha):
    """ridge_effective_parameters equals trace(X (X^T X + alpha I)^{-1} X^T)."""
    X, _ = data
    direct = np.trace(X @ np.linalg.solve(X.T @ X + alpha * np.eye(5), X.T))
    assert rd.ridge_effective_parameters(X, [alpha])[0] == pytest.approx(direct, rel=1e-10)
    assert rd.ridge_effective_parameters(X, [alpha])[0] == pytest.approx(hat_trace(X, alpha), rel=1e-10)


def test_ridge_effective_parameters_known_ill_conditioned():
    """With singular values 1 and 1e-9, the count at alpha=1e-20 is 1/(1+1e-20) + 1/(1+1e-2)."""
    rng = np.random.default_rng(11)
    U, _ = np.linalg.qr(rng.normal(size=(6, 2)))
    V, _ = np.linalg.qr(rng.normal(size=(2, 2)))
    X = U @ np.diag([1.0, 1e-9]) @ V.T
    expected = 1 / (1 + 1e-20) + 1e-18 / (1e-18 + 1e-20)
    assert rd.ridge_effective_parameters(X, [1e-20])[0] == pytest.approx(expected, rel=1e-6)
    assert rd.ridge_effective_parameters(X, [0.0])[0] == np.linalg.matrix_rank(X) == 2


def test_ridge_effective_parameters_longley_rank():
    """On the ill-conditioned Longley design [1, X] the alpha=0 count is matrix_rank = 7."""
    d = rd.load_longley()
    A = np.column_stack([np.ones(16), d.X])
    assert np.linalg.matrix_rank(A) == 7
    counts = rd.ridge_effective_parameters(A, [0.0, 1e-6, 1.0])
    assert counts[0] == 7
    assert counts[1] == pytest.approx(hat_trace(A, 1e-6), rel=1e-6)
    assert counts[2] == pytest.approx(hat_trace(A, 1.0), rel=1e-6)


def test_ridge_effective_parameters_falls_from_rank(wide_data):
    """The count is rank(X) at alpha=0 and strictly falls toward 0."""
    X, _ = wide_data
    counts = rd.ridge_effective_parameters(X, np.r_[0.0, np.logspace(-4, 6, 25)])
    assert counts[0] == np.linalg.matrix_rank(X) == 8
    assert np.all(np.diff(counts) < 0)
    assert counts[-1] < 1e-3


def test_ridge_effective_parameters_matches_quadratic_version(data):
    """ridge_effective_parameters(X) equals effective_parameters of the eigenvalues of X^T X."""
    X, _ = data
    lam = np.linalg.eigvalsh(X.T @ X)
    for a in [0.1, 5.0]:
        assert rd.ridge_effective_parameters(X, [a])[0] == pytest.approx(
            rd.effective_parameters(lam, a), rel=1e-10
        )


# --- leave-one-out -------------------------------------------------------------------------


def brute_force_loo(X, y, alpha):
    """Mean squared leave-one-out error by refitting without each sample."""
    errors = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        Xi, yi = X[keep], y[keep]
        if alpha > 0:
            w = np.linalg.solve(Xi.T @ Xi + alpha * np.eye(X.shape[1]), Xi.T @ yi)
        else:
            w = np.linalg.lstsq(Xi, yi, rcond=None)[0]
        errors.append(y[i] - X[i] @ w)
    return np.mean(np.square(errors))


def test_loo_errors_match_brute_force(data):
    """loo_errors equals brute-force leave-one-out refits for each alpha (and alpha=0)."""
    X, y = data
    alphas = [0.0, 1e-2, 1.0, 10.0, 1e3]
    loo = rd.loo_errors(X, y, alphas)
    assert_allclose(loo, [brute_force_loo(X, y, a) for a in alphas], rtol=1e-9)


def test_loo_errors_wide_match_brute_force(wide_data):
    """With p > n and alpha > 0, loo_errors still equals brute-force refits."""
    X, y = wide_data
    alphas = [0.1, 3.0]
    assert_allclose(rd.loo_errors(X, y, alphas), [brute_force_loo(X, y, a) for a in alphas], rtol=1e-9)


def test_loo_errors_rank_deficient_alpha_zero(data):
    """With duplicated columns (rank-deficient X) at alpha=0, loo equals brute force on X alone."""
    X, y = data
    X2 = np.hstack([X, X, X[:, :1] + X[:, 1:2]])
    expected = brute_force_loo(X, y, 0.0)
    assert brute_force_loo(X2, y, 0.0) == pytest.approx(expected, rel=1e-8)
    assert rd.loo_errors(X2, y, [0.0])[0] == pytest.approx(expected, rel=1e-8)


def test_loo_errors_with_intercept_match_refits_with_intercept(data):
    """fit_intercept=True equals refitting an unpenalized intercept and the weights without each sample
    (scikit-learn Ridge(fit_intercept=True)), for an X that is not centered and a y with an offset; it is
    larger than the no-intercept formula applied to y centered with all samples (which sees the left-out y)."""
    X, y = data
    X = X + np.linspace(-2.0, 3.0, X.shape[1])  # columns that are not centered
    y = y + 40.0
    alphas = [0.0, 1e-2, 1.0, 30.0]
    brute = []
    for a in alphas:
        sq = []
        for i in range(len(y)):
            keep = np.arange(len(y)) != i
            model = Ridge(alpha=a, fit_intercept=True, solver="svd").fit(X[keep], y[keep])
            sq.append((y[i] - model.predict(X[i : i + 1])[0]) ** 2)
        brute.append(np.mean(sq))
    assert_allclose(rd.loo_errors(X, y, alphas, fit_intercept=True), brute, rtol=1e-8)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    assert np.all(rd.loo_errors(Xc, yc, alphas) < rd.loo_errors(X, y, alphas, fit_intercept=True))


def test_loo_best_alpha_matches_ridgecv(data):
    """RidgeCV(alphas, fit_intercept=False).alpha_ is the argmin of loo_errors."""
    X, y = data
    # make some features weak so that a non-trivial alpha wins
    rng = np.random.default_rng(3)
    y = y + 2.0 * rng.normal(size=y.size)
    alphas = np.logspace(-3, 3, 25)
    loo = rd.loo_errors(X, y, alphas)
    best = alphas[np.argmin(loo)]
    assert alphas[0] < best < alphas[-1]  # an interior optimum, so the check has teeth
    assert RidgeCV(alphas=alphas, fit_intercept=False).fit(X, y).alpha_ == best


def test_loo_leverage_one_raises(wide_data):
    """At alpha=0 with p >= n every sample has leverage 1, so loo_errors raises ValueError."""
    X, y = wide_data
    with pytest.raises(ValueError, match=r"alpha=0\.0.*leverage 1"):
        rd.loo_errors(X, y, [0.0])


# --- the book's (7.15) convention ------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.1, 2.0, 40.0])
def test_penalty_for_book_715_minimizes_715(data, alpha):
    """ridge(X, y, penalty_for_book_715(alpha)) minimizes (7.15): (Xw-y)^T(Xw-y) + 1/2 alpha w^T w."""
    X, y = data
    w = rd.ridge(X, y, rd.penalty_for_book_715(alpha))
    # gradient of (7.15): 2 X^T (Xw - y) + alpha w = 0  ->  (2 X^T X + alpha I) w = 2 X^T y
    expected = np.linalg.solve(2 * X.T @ X + alpha * np.eye(5), 2 * X.T @ y)
    assert_allclose(w, expected, rtol=1e-10)

    def book_715(v):
        r = X @ v - y
        return r @ r + 0.5 * alpha * v @ v

    h = 1e-6
    fd = np.array([(book_715(w + h * e) - book_715(w - h * e)) / (2 * h) for e in np.eye(5)])
    assert_allclose(fd, 0.0, atol=1e-5 * (1 + np.abs(X.T @ y).max()))


def test_ridge_is_717_not_715_literal(data):
    """ridge(X, y, alpha) is (7.17), which differs from the literal (7.15) minimizer at the same alpha."""
    X, y = data
    alpha = 5.0
    w = rd.ridge(X, y, alpha)
    assert_allclose(X.T @ (X @ w - y) + alpha * w, 0.0, atol=1e-10)  # gradient of |Xw-y|^2 + alpha|w|^2, halved
    literal = np.linalg.solve(X.T @ X + alpha / 2 * np.eye(5), X.T @ y)
    assert not np.allclose(w, literal, rtol=1e-6)


# --- standardize -------------------------------------------------------------------------


def test_standardize_zero_mean_unit_std():
    """standardize gives columns of mean 0 and std 1 (ddof=0), and inverts with mean and scale."""
    rng = np.random.default_rng(9)
    X = rng.normal(loc=[5.0, -100.0, 0.0], scale=[0.01, 30.0, 2.0], size=(40, 3))
    Z, mean, scale = rd.standardize(X)
    assert_allclose(Z.mean(axis=0), 0.0, atol=1e-11)  # column 0: rounding of 5/0.01 * eps
    assert_allclose(Z.std(axis=0), 1.0, rtol=1e-13)
    assert_allclose(mean, np.mean(X, axis=0), rtol=1e-14)
    assert_allclose(scale, np.sqrt(np.mean((X - X.mean(axis=0)) ** 2, axis=0)), rtol=1e-12)
    assert_allclose(Z * scale + mean, X, rtol=1e-13)


@pytest.mark.parametrize("value", [0.0, 0.1, 3.7, -1e5])
def test_standardize_rejects_constant_column(value):
    """A constant column (whatever its value) raises ValueError naming its index."""
    X = np.column_stack([np.arange(16.0), np.full(16, value)])
    with pytest.raises(ValueError, match=r"constant columns \[1\]"):
        rd.standardize(X)


def test_standardized_longley_ridge_matches_sklearn():
    """On standardized Longley data (centred y), ridge equals sklearn's Ridge with an intercept."""
    d = rd.load_longley()
    Z, _, _ = rd.standardize(d.X)
    yc = d.y - d.y.mean()
    for alpha in [1e-3, 0.1, 10.0]:
        ref = Ridge(alpha=alpha, fit_intercept=True, solver="svd").fit(Z, d.y).coef_
        assert_allclose(rd.ridge(Z, yc, alpha), ref, rtol=1e-8)

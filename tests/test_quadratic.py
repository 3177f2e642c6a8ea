"""The quadratic model of 7.1.1: (7.6)-(7.13), weight decay (7.4)/(7.5), shrinkage.

Every expected value comes from an independent computation (numpy.linalg on the
formula, finite differences, scipy.optimize, or a known closed form), never from
running ridgedoc.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from scipy.optimize import minimize

import ridgedoc as rd
from ridgedoc.examples import FIGURE_7_1, make_problem


def random_orthogonal(p, rng):
    Q, R = np.linalg.qr(rng.normal(size=(p, p)))
    return Q * np.sign(np.diag(R))


def psd_from_spectrum(eigvals, rng):
    """H = Q diag(eigvals) Q^T with a random orthogonal Q; returns (H, Q)."""
    Q = random_orthogonal(len(eigvals), rng)
    H = Q @ np.diag(eigvals) @ Q.T
    return (H + H.T) / 2, Q


def central_difference(f, w, h=1e-6):
    g = np.empty_like(w)
    for i in range(w.size):
        e = np.zeros_like(w)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


@pytest.fixture
def problem():
    """A 4-D invertible quadratic with a spread of curvatures."""
    rng = np.random.default_rng(0)
    H, _ = psd_from_spectrum([0.05, 0.7, 3.0, 12.0], rng)
    w_star = rng.normal(size=4)
    return H, w_star


@pytest.fixture
def singular_problem():
    """A 3-D quadratic of rank 2, with its eigenvectors; H = Q diag(2, 0.5, 0) Q^T."""
    rng = np.random.default_rng(1)
    H, Q = psd_from_spectrum([2.0, 0.5, 0.0], rng)
    w_star = rng.normal(size=3)
    return H, w_star, Q


ALPHAS = [1e-3, 0.1, 1.0, 7.5, 300.0]


# --- (7.10) and (7.13) -------------------------------------------------------------


@pytest.mark.parametrize("alpha", ALPHAS)
def test_w_tilde_solve_matches_numpy_solve(problem, alpha):
    """w_tilde_solve equals numpy.linalg.solve(H + alpha I, H w*) (7.10)."""
    H, w_star = problem
    expected = np.linalg.solve(H + alpha * np.eye(4), H @ w_star)
    assert_allclose(rd.w_tilde_solve(H, w_star, alpha), expected, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("alpha", ALPHAS)
def test_w_tilde_eig_matches_solve(problem, alpha):
    """The eigen form (7.13) equals the linear-solve form (7.10)."""
    H, w_star = problem
    assert_allclose(
        rd.w_tilde_eig(H, w_star, alpha), rd.w_tilde_solve(H, w_star, alpha), rtol=1e-10, atol=1e-13
    )


def test_w_tilde_eig_is_rotation_scaling_rotation(problem):
    """w_tilde_eig equals Q diag(lambda/(lambda+alpha)) Q^T w* built from numpy.linalg.eigh."""
    H, w_star = problem
    lam, Q = np.linalg.eigh(H)
    alpha = 0.9
    expected = Q @ ((lam / (lam + alpha)) * (Q.T @ w_star))
    assert_allclose(rd.w_tilde_eig(H, w_star, alpha), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("alpha", [0.01, 1.0, 50.0])
def test_w_tilde_is_numerical_minimizer(problem, alpha):
    """(7.10) equals the minimizer of J~ = J^ + alpha/2 |w|^2 found by scipy's BFGS."""
    H, w_star = problem

    def f(w):
        d = w - w_star
        return 0.5 * d @ H @ d + 0.5 * alpha * w @ w

    def g(w):
        return H @ (w - w_star) + alpha * w

    res = minimize(f, np.zeros(4), jac=g, method="BFGS", options={"gtol": 1e-12})
    assert_allclose(rd.w_tilde_solve(H, w_star, alpha), res.x, rtol=1e-7, atol=1e-9)


def test_regularization_path_rows_equal_per_alpha_solves(problem):
    """Row i of regularization_path is numpy.linalg.solve at alphas[i]."""
    H, w_star = problem
    alphas = np.logspace(-3, 3, 13)
    path = rd.regularization_path(H, w_star, alphas)
    assert path.shape == (alphas.size, 4)
    for a, row in zip(alphas, path, strict=True):
        assert_allclose(row, np.linalg.solve(H + a * np.eye(4), H @ w_star), rtol=1e-9, atol=1e-13)


def test_path_norm_decreases_with_alpha(problem):
    """|w_tilde(alpha)| strictly decreases as alpha grows."""
    H, w_star = problem
    norms = np.linalg.norm(rd.regularization_path(H, w_star, np.logspace(-4, 4, 60)), axis=1)
    assert np.all(np.diff(norms) < 0)


def test_path_tends_to_zero_for_large_alpha(problem):
    """|w_tilde(alpha)| <= lambda_max/alpha |w*| and so goes to 0 as alpha -> inf."""
    H, w_star = problem
    lam_max = np.linalg.eigvalsh(H)[-1]
    for alpha in [1e2, 1e4, 1e8]:
        w = rd.w_tilde_solve(H, w_star, alpha)
        assert np.linalg.norm(w) <= lam_max / alpha * np.linalg.norm(w_star) * (1 + 1e-12)
    assert np.linalg.norm(rd.w_tilde_solve(H, w_star, 1e12)) < 1e-10


def test_path_starts_at_w_star_and_ends_at_origin_for_figure_7_1():
    """For the Figure 7.1 problem the path runs from w* (alpha -> 0) to 0 (alpha -> inf)."""
    H, w_star = make_problem(FIGURE_7_1["eigvals"], FIGURE_7_1["angle_deg"], FIGURE_7_1["w_star"])
    path = rd.regularization_path(H, w_star, [0.0, 1e-9, 1e9])
    assert_allclose(path[0], FIGURE_7_1["w_star"], rtol=1e-12)
    assert_allclose(path[1], FIGURE_7_1["w_star"], rtol=1e-8)
    assert_allclose(path[2], 0.0, atol=1e-8)


def test_small_eigenvalue_axis_shrinks_more():
    """Book's example: the low-curvature coordinate is shrunk by lambda/(lambda+alpha), the most."""
    H = np.diag([0.5, 4.0])  # axis-aligned: eigenvectors are the coordinate axes
    w_star = np.array([2.0, 1.6])
    alpha = 1.0
    w = rd.w_tilde_solve(H, w_star, alpha)
    assert_allclose(w, [2.0 * 0.5 / 1.5, 1.6 * 4.0 / 5.0], rtol=1e-13)
    assert w[0] / w_star[0] < w[1] / w_star[1]


# --- the alpha -> 0 limit ------------------------------------------------------------


def test_alpha_zero_invertible_gives_w_star(problem):
    """For invertible H, w_tilde at alpha=0 (and the limit) is w* itself."""
    H, w_star = problem
    assert_allclose(rd.w_tilde_solve(H, w_star, 0.0), w_star, rtol=1e-12)
    assert_allclose(rd.w_tilde_eig(H, w_star, 0.0), w_star, rtol=1e-12)
    assert_allclose(rd.w_tilde_limit(H, w_star), w_star, rtol=1e-12)


def test_alpha_zero_singular_gives_projection_onto_range(singular_problem):
    """For singular H the alpha -> 0 limit is the projection of w* onto range(H), not w*."""
    H, w_star, Q = singular_problem
    Qr = Q[:, :2]  # eigenvectors of the nonzero eigenvalues 2 and 0.5, by construction
    expected = Qr @ (Qr.T @ w_star)
    assert not np.allclose(expected, w_star)
    assert_allclose(rd.w_tilde_limit(H, w_star), expected, rtol=1e-10, atol=1e-12)
    assert_allclose(rd.w_tilde_solve(H, w_star, 0.0), expected, rtol=1e-10, atol=1e-12)
    assert_allclose(rd.regularization_path(H, w_star, [0.0])[0], expected, rtol=1e-10, atol=1e-12)


def test_tiny_alpha_approaches_singular_limit(singular_problem):
    """w_tilde(alpha) -> projection of w* as alpha -> 0+, with error O(alpha)."""
    H, w_star, Q = singular_problem
    Qr = Q[:, :2]
    limit = Qr @ (Qr.T @ w_star)
    errors = [np.linalg.norm(rd.w_tilde_solve(H, w_star, a) - limit) for a in [1e-2, 1e-4, 1e-6, 1e-8]]
    assert np.all(np.diff(errors) < 0)
    # exact error: sum_i (alpha/(lambda_i+alpha)) c_i q_i over nonzero lambda_i <= alpha/0.5 |w*|
    for a, err in zip([1e-2, 1e-4, 1e-6, 1e-8], errors, strict=True):
        assert err <= a / 0.5 * np.linalg.norm(w_star) * 1.01 + 1e-12
    assert errors[-1] < 1e-7


@pytest.mark.parametrize("alpha", [1e-6, 0.3, 40.0])
def test_zero_curvature_direction_is_zero_for_every_alpha(singular_problem, alpha):
    """The component of w_tilde along the null eigenvector of H is 0 for every alpha > 0."""
    H, w_star, Q = singular_problem
    q0 = Q[:, 2]
    assert abs(q0 @ w_star) > 0.1  # w* really has a component there
    assert abs(q0 @ rd.w_tilde_solve(H, w_star, alpha)) < 1e-9
    assert abs(q0 @ rd.w_tilde_eig(H, w_star, alpha)) < 1e-12


# --- objective and gradients (7.2), (7.3), (7.6), (7.7), (7.8) -------------------------


def test_objective_matches_formula(problem):
    """objective is J* + 1/2 (w-w*)^T H (w-w*), equal to J* at w* (7.6)."""
    H, w_star = problem
    w = np.array([0.3, -1.0, 2.0, 0.5])
    d = w - w_star
    assert rd.objective(w, H, w_star, J_star=1.25) == pytest.approx(1.25 + 0.5 * d @ H @ d, rel=1e-13)
    assert rd.objective(w_star, H, w_star, J_star=1.25) == pytest.approx(1.25, abs=1e-14)


def test_regularized_objective_adds_half_alpha_norm(problem):
    """regularized_objective is J^ + alpha/2 w^T w (7.2)."""
    H, w_star = problem
    w = np.array([0.3, -1.0, 2.0, 0.5])
    d = w - w_star
    expected = 0.5 * d @ H @ d + 0.5 * 2.5 * w @ w
    assert rd.regularized_objective(w, H, w_star, 2.5) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_finite_differences(problem, seed):
    """gradient equals central finite differences of objective (7.7)."""
    H, w_star = problem
    w = np.random.default_rng(seed).normal(size=4) * 2
    fd = central_difference(lambda v: 0.5 * (v - w_star) @ H @ (v - w_star), w)
    assert_allclose(rd.gradient(w, H, w_star), fd, rtol=1e-7, atol=1e-8)
    fd_rd = central_difference(lambda v: rd.objective(v, H, w_star), w)
    assert_allclose(rd.gradient(w, H, w_star), fd_rd, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("alpha", [0.0, 0.4, 9.0])
def test_regularized_gradient_matches_finite_differences(problem, alpha):
    """regularized_gradient equals central finite differences of regularized_objective (7.3)."""
    H, w_star = problem
    w = np.array([1.5, -0.2, 0.7, -2.0])
    fd = central_difference(lambda v: rd.regularized_objective(v, H, w_star, alpha), w)
    assert_allclose(rd.regularized_gradient(w, H, w_star, alpha), fd, rtol=1e-7, atol=1e-8)
    assert_allclose(rd.regularized_gradient(w, H, w_star, alpha), alpha * w + H @ (w - w_star), rtol=1e-13)


@pytest.mark.parametrize("alpha", ALPHAS)
def test_gradient_condition_at_w_tilde(problem, alpha):
    """At w_tilde the level sets touch: grad J^(w_tilde) = -alpha w_tilde (7.8)."""
    H, w_star = problem
    w = rd.w_tilde_solve(H, w_star, alpha)
    assert_allclose(rd.gradient(w, H, w_star), -alpha * w, rtol=1e-9, atol=1e-12)
    assert_allclose(rd.regularized_gradient(w, H, w_star, alpha), 0.0, atol=1e-11)


def test_gradient_condition_singular_h(singular_problem):
    """The gradient condition (7.8) also holds at w_tilde for a singular H."""
    H, w_star, _ = singular_problem
    for alpha in [1e-3, 1.0]:
        w = rd.w_tilde_eig(H, w_star, alpha)
        assert_allclose(H @ (w - w_star) + alpha * w, 0.0, atol=1e-12)


# --- weight decay (7.4), (7.5) and gradient descent -------------------------------------


@pytest.mark.parametrize("lr,alpha", [(0.1, 0.5), (0.01, 3.0), (0.3, 0.0), (1e-3, 100.0)])
def test_penalized_step_equals_weight_decay_step(lr, alpha):
    """One step of (7.4) equals one step of (7.5) to rounding, and both equal the formula."""
    rng = np.random.default_rng(3)
    w, grad = rng.normal(size=5), rng.normal(size=5)
    a = rd.penalized_gradient_step(w, grad, lr, alpha)
    b = rd.weight_decay_step(w, grad, lr, alpha)
    assert_allclose(a, b, rtol=1e-14, atol=1e-15)
    assert_allclose(b, w - lr * alpha * w - lr * grad, rtol=1e-13, atol=1e-15)


def test_weight_decay_shrinks_weights_of_both_signs():
    """With zero gradient, (7.5) multiplies every weight by (1 - lr alpha), whatever its sign."""
    w = np.array([3.0, -2.0, 0.5, -0.1])
    out = rd.weight_decay_step(w, np.zeros(4), 0.1, 2.0)
    assert_allclose(out, 0.8 * w, rtol=1e-15)
    assert np.all(np.abs(out) < np.abs(w))


@pytest.mark.parametrize("alpha", [0.2, 1.0, 5.0])
def test_gradient_descent_converges_to_w_tilde(problem, alpha):
    """Gradient descent with (7.5) converges to numpy.linalg.solve(H + alpha I, H w*)."""
    H, w_star = problem
    lam = np.linalg.eigvalsh(H)
    lr = 1.0 / (lam[-1] + alpha)
    # contraction factor 1 - lr (lambda_min + alpha); 2000 steps make it < 1e-12 here
    traj = rd.gradient_descent(H, w_star, np.zeros(4), lr, 2000, alpha=alpha)
    expected = np.linalg.solve(H + alpha * np.eye(4), H @ w_star)
    assert_allclose(traj[-1], expected, rtol=1e-8, atol=1e-10)


def test_gradient_descent_alpha_zero_converges_to_w_star(problem):
    """Plain gradient descent (alpha=0) on an invertible H converges to w*."""
    H, w_star = problem
    lam = np.linalg.eigvalsh(H)
    lr = 1.0 / lam[-1]
    steps = int(np.ceil(np.log(1e-12) / np.log(1 - lr * lam[0])))
    traj = rd.gradient_descent(H, w_star, np.ones(4), lr, steps)
    assert_allclose(traj[-1], w_star, rtol=1e-8, atol=1e-9)


def test_gradient_descent_matches_own_iteration(problem):
    """Each row of the trajectory is one (7.5) step, computed independently, from the previous one."""
    H, w_star = problem
    w = np.array([1.0, -1.0, 0.5, 2.0])
    traj = rd.gradient_descent(H, w_star, w, 0.05, 7, alpha=0.7)
    for k in range(7):
        w = (1 - 0.05 * 0.7) * w - 0.05 * H @ (w - w_star)
        assert_allclose(traj[k + 1], w, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("num_steps", [0, 1, 25])
def test_trajectory_shape_and_first_row(problem, num_steps):
    """The trajectory has shape (num_steps + 1, p) and starts at w0."""
    H, w_star = problem
    w0 = np.array([0.1, 0.2, 0.3, 0.4])
    traj = rd.gradient_descent(H, w_star, w0, 0.01, num_steps, alpha=1.0)
    assert traj.shape == (num_steps + 1, 4)
    assert_allclose(traj[0], w0, rtol=0, atol=0)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 20.0])
def test_max_stable_lr_equals_two_over_lambda_max_plus_alpha(problem, alpha):
    """max_stable_lr is 2/(lambda_max + alpha) with lambda_max from numpy.linalg.eigvalsh."""
    H, _ = problem
    expected = 2.0 / (np.linalg.eigvalsh(H)[-1] + alpha)
    assert rd.max_stable_lr(H, alpha) == pytest.approx(expected, rel=1e-12)


def test_max_stable_lr_zero_matrix_is_infinite():
    """With H = 0 and alpha = 0 nothing ever moves, so every lr is stable (inf)."""
    assert rd.max_stable_lr(np.zeros((2, 2)), 0.0) == np.inf


@pytest.mark.parametrize("factor", [1.0, 1.5, 10.0])
@pytest.mark.parametrize("alpha", [0.0, 2.0])
def test_unstable_lr_raises_with_bound(problem, alpha, factor):
    """lr >= 2/(lambda_max + alpha) raises ValueError whose message shows the bound."""
    H, w_star = problem
    bound = 2.0 / (np.linalg.eigvalsh(H)[-1] + alpha)
    with pytest.raises(ValueError, match=r"lr=.*" + f"{bound:.6g}".replace(".", r"\.")):
        rd.gradient_descent(H, w_star, np.zeros(4), bound * factor, 10, alpha=alpha)


def test_bound_is_sharp(problem):
    """Just below the bound (7.5) converges; just above it an independent iteration diverges."""
    H, w_star = problem
    alpha = 0.5
    bound = 2.0 / (np.linalg.eigvalsh(H)[-1] + alpha)
    traj = rd.gradient_descent(H, w_star, np.zeros(4), 0.98 * bound, 3000, alpha=alpha)
    assert_allclose(traj[-1], np.linalg.solve(H + alpha * np.eye(4), H @ w_star), rtol=1e-6)
    w = np.ones(4)
    lr = 1.02 * bound
    for _ in range(3000):
        w = (1 - lr * alpha) * w - lr * H @ (w - w_star)
    assert np.linalg.norm(w) > 1e6


# --- shrinkage factors and effective parameters ----------------------------------------


@pytest.mark.parametrize("alpha", [1e-8, 0.01, 1.0, 1e6])
def test_shrinkage_factors_in_unit_interval(alpha):
    """For alpha > 0 every factor lambda/(lambda+alpha) lies in [0, 1) and equals the formula."""
    # lambda/alpha stays below 1e13 so that 1 - factor is representable (no rounding to 1)
    lam = np.array([0.0, 1e-6, 0.3, 1.0, 50.0, 1e4])
    d = rd.shrinkage_factors(lam, alpha)
    assert np.all(d >= 0) and np.all(d < 1)
    assert_allclose(d, lam / (lam + alpha), rtol=1e-15)


@pytest.mark.parametrize("alpha", [1e-3, 0.5, 2.0, 1e4])
def test_shrinkage_factor_is_half_at_lambda_equal_alpha(alpha):
    """The shrinkage factor is exactly 1/2 where lambda = alpha."""
    assert rd.shrinkage_factors([alpha], alpha)[0] == pytest.approx(0.5, abs=1e-15)


def test_shrinkage_factors_alpha_zero_limit():
    """At alpha = 0 the factor is the limit: 1 for lambda > 0, 0 for lambda = 0."""
    assert_allclose(rd.shrinkage_factors([0.0, 1e-3, 2.0], 0.0), [0.0, 1.0, 1.0])


def test_shrinkage_decreases_in_alpha():
    """Each factor strictly decreases as alpha grows (for lambda > 0)."""
    lam = np.array([0.1, 1.0, 10.0])
    rows = np.array([rd.shrinkage_factors(lam, a) for a in np.logspace(-3, 3, 20)])
    assert np.all(np.diff(rows, axis=0) < 0)


@pytest.mark.parametrize("alpha", [1e-3, 0.2, 1.0, 30.0])
def test_effective_parameters_equals_trace(problem, alpha):
    """effective_parameters equals trace(H (H + alpha I)^{-1}) computed with numpy."""
    H, _ = problem
    expected = np.trace(H @ np.linalg.inv(H + alpha * np.eye(4)))
    assert rd.effective_parameters(np.linalg.eigvalsh(H), alpha) == pytest.approx(expected, rel=1e-10)


def test_effective_parameters_falls_from_rank_to_zero(singular_problem):
    """effective_parameters is rank(H) at alpha=0, strictly falls, and approaches 0."""
    H, _, _ = singular_problem
    lam, _ = rd.eigh_psd(H)
    lam = np.where(lam > 1e-12 * lam.max(), lam, 0.0)
    assert rd.effective_parameters(lam, 0.0) == np.linalg.matrix_rank(H) == 2
    values = [rd.effective_parameters(lam, a) for a in np.logspace(-4, 6, 30)]
    assert np.all(np.diff(values) < 0)
    assert values[0] == pytest.approx(2.0, abs=1e-3)
    assert values[-1] < 1e-5


def test_eigh_psd_reconstructs_h(singular_problem):
    """eigh_psd returns ascending eigenvalues >= 0 and orthonormal Q with Q diag Q^T = H."""
    H, _, _ = singular_problem
    lam, Q = rd.eigh_psd(H)
    assert np.all(lam >= 0) and np.all(np.diff(lam) >= 0)
    assert_allclose(lam, [0.0, 0.5, 2.0], atol=1e-12)
    assert_allclose(Q.T @ Q, np.eye(3), atol=1e-12)
    assert_allclose(Q @ np.diag(lam) @ Q.T, H, atol=1e-12)


# --- properties on random PSD matrices ------------------------------------------------


@st.composite
def psd_problems(draw):
    """(H = A A^T, w*, alpha) with A of shape (p, r), r <= p: full rank or rank-deficient."""
    p = draw(st.integers(1, 5))
    r = draw(st.integers(1, p))
    elements = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
    A = draw(arrays(np.float64, (p, r), elements=elements))
    w_star = draw(arrays(np.float64, (p,), elements=elements))
    alpha = draw(st.floats(1e-2, 1e2))
    return A @ A.T, w_star, alpha


@settings(max_examples=50, deadline=None)
@given(psd_problems())
def test_solve_equals_eig_on_random_psd(prob):
    """On random A A^T (also rank-deficient), (7.10) by solve equals (7.13) by eigh."""
    H, w_star, alpha = prob
    scale = max(np.abs(H).max(), alpha)
    a = rd.w_tilde_solve(H, w_star, alpha)
    b = rd.w_tilde_eig(H, w_star, alpha)
    assert_allclose(a, b, rtol=1e-8, atol=1e-10 * scale / alpha * (1 + np.abs(w_star).max()))
    # and both satisfy (H + alpha I) w = H w* (7.9)
    resid = (H + alpha * np.eye(len(w_star))) @ a - H @ w_star
    assert np.abs(resid).max() <= 1e-10 * scale * (1 + np.abs(w_star).max())


@settings(max_examples=50, deadline=None)
@given(psd_problems())
def test_shrinkage_in_unit_interval_on_random_psd(prob):
    """Shrinkage factors of random A A^T lie in [0, 1]; norm of w_tilde never exceeds |w*|."""
    H, w_star, alpha = prob
    lam, _ = rd.eigh_psd(H)
    d = rd.shrinkage_factors(lam, alpha)
    assert np.all((d >= 0) & (d <= 1))
    w = rd.w_tilde_eig(H, w_star, alpha)
    assert np.linalg.norm(w) <= np.linalg.norm(w_star) * (1 + 1e-12) + 1e-15


def test_solve_form_falls_back_when_rounding_makes_cholesky_fail():
    """An H with a rounding-level negative eigenvalue (accepted as PSD) and a tiny alpha still gives w~, equal to the eigen form."""
    H = np.diag([1.0, -1e-11])
    w_star = np.array([1.0, 2.0])
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.cholesky(H + 1e-12 * np.eye(2))
    got = rd.w_tilde_solve(H, w_star, 1e-12)
    np.testing.assert_allclose(got, rd.w_tilde_eig(H, w_star, 1e-12))
    np.testing.assert_allclose(got, [1.0 / (1.0 + 1e-12), 0.0], atol=1e-12)

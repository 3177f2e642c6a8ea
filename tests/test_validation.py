"""Argument checking: bad inputs raise TypeError/ValueError whose message names the
argument and shows the value or what was expected."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import ridgedoc as rd
from ridgedoc._validation import check_symmetric_psd

H2 = np.array([[2.0, 0.5], [0.5, 1.0]])
W2 = np.array([1.0, -1.0])
X = np.arange(20.0).reshape(5, 4) ** 0.5
Y = np.arange(5.0)


# --- H -------------------------------------------------------------------------------


def test_non_square_h():
    """A non-square H raises ValueError naming H and its shape."""
    with pytest.raises(ValueError, match=r"H must be square, got shape \(2, 3\)"):
        rd.w_tilde_solve(np.ones((2, 3)), [1.0, 2.0], 1.0)


def test_one_dimensional_h():
    """A 1-D H raises ValueError asking for a 2-D matrix."""
    with pytest.raises(ValueError, match=r"H must be a 2-D matrix, got an array of shape \(2,\)"):
        rd.w_tilde_eig([1.0, 2.0], [1.0, 2.0], 1.0)


def test_empty_h():
    """An empty H raises ValueError."""
    with pytest.raises(ValueError, match=r"H must not be empty"):
        rd.eigh_psd(np.zeros((0, 0)))


def test_non_symmetric_h():
    """A non-symmetric H raises ValueError naming H and the size of the asymmetry."""
    with pytest.raises(ValueError, match=r"H must be symmetric, got max \|H - H\.T\| = 0\.3"):
        rd.w_tilde_solve([[1.0, 0.2], [0.5, 1.0]], W2, 1.0)


def test_indefinite_h():
    """An indefinite H raises ValueError naming H and its negative eigenvalue."""
    with pytest.raises(ValueError, match=r"H must be positive semidefinite, got smallest eigenvalue -1 < 0"):
        rd.w_tilde_solve([[1.0, 0.0], [0.0, -1.0]], W2, 1.0)


@pytest.mark.parametrize("scale", [1e-12, 1e-6, 1.0, 1e6])
def test_indefinite_h_rejected_at_any_scale(scale):
    """The PSD tolerance is relative to H's largest entry, so a small indefinite H is rejected too."""
    H = scale * np.array([[1.0, 2.0], [2.0, 1.0]])  # eigenvalues 3 scale and -scale
    with pytest.raises(ValueError, match=r"H must be positive semidefinite"):
        rd.w_tilde_solve(H, W2, scale)


@pytest.mark.parametrize("scale", [1e-12, 1e-6, 1.0, 1e6])
def test_asymmetric_h_rejected_at_any_scale(scale):
    """The symmetry tolerance is relative to H's largest entry, at every scale."""
    H = scale * np.array([[1.0, 0.0], [0.5, 1.0]])
    with pytest.raises(ValueError, match=r"H must be symmetric"):
        rd.eigh_psd(H)


def test_rounding_level_asymmetry_is_accepted_and_removed():
    """Asymmetry at rounding level is accepted and H is returned exactly symmetric."""
    H = H2.copy()
    H[0, 1] += 1e-15
    out = check_symmetric_psd(H)
    assert np.array_equal(out, out.T)
    assert np.allclose(out, H2, atol=1e-14)


def test_semidefinite_h_is_accepted():
    """A singular PSD H (eigenvalue 0) is accepted."""
    out = check_symmetric_psd([[1.0, 1.0], [1.0, 1.0]])
    assert np.array_equal(out, np.ones((2, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_h(bad):
    """NaN or inf in H raises ValueError naming H."""
    H = H2.copy()
    H[1, 1] = bad
    with pytest.raises(ValueError, match=r"H must contain only finite numbers \(no NaN or inf\)"):
        rd.w_tilde_solve(H, W2, 1.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_w_star(bad):
    """NaN or inf in w_star raises ValueError naming w_star."""
    with pytest.raises(ValueError, match=r"w_star must contain only finite numbers"):
        rd.regularization_path(H2, [1.0, bad], [1.0])


@pytest.mark.parametrize(
    "H,kind",
    [("[[1, 0], [0, 1]]", TypeError), ([[1 + 1j, 0], [0, 1]], TypeError), ([[True, False], [False, True]], TypeError)],
)
def test_h_of_wrong_kind(H, kind):
    """A string, complex or boolean H raises TypeError naming H."""
    with pytest.raises(kind, match=r"H must be an array of real numbers"):
        rd.eigh_psd(H)


def test_ragged_h():
    """A ragged nested list raises TypeError naming H."""
    with pytest.raises(TypeError, match=r"H must be an array of real numbers"):
        rd.eigh_psd([[1.0, 0.0], [0.0]])


# --- w_star, w, grad -----------------------------------------------------------------


def test_w_star_length_mismatch():
    """w_star of the wrong length raises ValueError naming w_star, both lengths."""
    with pytest.raises(ValueError, match=r"w_star must have length 2 to match H, got length 3"):
        rd.w_tilde_solve(H2, [1.0, 2.0, 3.0], 1.0)


def test_w_star_not_vector():
    """A 2-D w_star raises ValueError asking for a 1-D vector."""
    with pytest.raises(ValueError, match=r"w_star must be a 1-D vector, got an array of shape \(2, 1\)"):
        rd.w_tilde_solve(H2, [[1.0], [2.0]], 1.0)


def test_w_length_mismatch_in_objective():
    """A point w of the wrong length raises ValueError naming w."""
    with pytest.raises(ValueError, match=r"w must have length 2"):
        rd.objective([1.0, 2.0, 3.0], H2, W2)


def test_grad_length_mismatch_in_steps():
    """A gradient of a different length than w raises ValueError naming grad."""
    for step in (rd.penalized_gradient_step, rd.weight_decay_step):
        with pytest.raises(ValueError, match=r"grad must have length 2.*got length 3"):
            step([1.0, 2.0], [1.0, 2.0, 3.0], 0.1, 1.0)


def test_w0_length_mismatch():
    """A start point of the wrong length raises ValueError naming w0."""
    with pytest.raises(ValueError, match=r"w0 must have length 2"):
        rd.gradient_descent(H2, W2, [0.0], 0.1, 5)


# --- alpha ---------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [-1.0, -1e-300, -5])
def test_negative_alpha(alpha):
    """A negative alpha raises ValueError naming alpha and its value."""
    with pytest.raises(ValueError, match=r"alpha must be >= 0 .*got " + re.escape(repr(float(alpha)))):
        rd.w_tilde_solve(H2, W2, alpha)


ALPHA_FUNCS = {
    "w_tilde_solve": lambda a: rd.w_tilde_solve(H2, W2, a),
    "w_tilde_eig": lambda a: rd.w_tilde_eig(H2, W2, a),
    "regularized_objective": lambda a: rd.regularized_objective(W2, H2, W2, a),
    "regularized_gradient": lambda a: rd.regularized_gradient(W2, H2, W2, a),
    "shrinkage_factors": lambda a: rd.shrinkage_factors([1.0], a),
    "effective_parameters": lambda a: rd.effective_parameters([1.0], a),
    "penalized_gradient_step": lambda a: rd.penalized_gradient_step(W2, W2, 0.1, a),
    "weight_decay_step": lambda a: rd.weight_decay_step(W2, W2, 0.1, a),
    "max_stable_lr": lambda a: rd.max_stable_lr(H2, a),
    "gradient_descent": lambda a: rd.gradient_descent(H2, W2, W2, 0.01, 3, alpha=a),
    "ridge": lambda a: rd.ridge(X, Y, a),
    "ridge_cholesky": lambda a: rd.ridge(X, Y, a, method="cholesky"),
    "penalty_for_book_715": lambda a: rd.penalty_for_book_715(a),
}


@pytest.mark.parametrize("func", ALPHA_FUNCS.values(), ids=ALPHA_FUNCS.keys())
def test_every_alpha_argument_is_checked_by_name(func):
    """Each public function taking one alpha rejects -1, "1" and [1.0] with a message naming alpha."""
    with pytest.raises(ValueError, match=r"^alpha must be >= 0 .*got -1\.0$"):
        func(-1.0)
    with pytest.raises(TypeError, match=r"^alpha must be a real number, got str '1'$"):
        func("1")
    with pytest.raises(TypeError, match=r"^alpha must be a real number, got list \[1\.0\]$"):
        func([1.0])


@pytest.mark.parametrize("alpha", ["1.0", b"1"])
def test_string_alpha(alpha):
    """A string alpha raises TypeError naming alpha and its type."""
    with pytest.raises(TypeError, match=r"alpha must be a real number, got (str|bytes)"):
        rd.ridge(X, Y, alpha)


@pytest.mark.parametrize("alpha", [True, False, np.True_])
def test_bool_alpha(alpha):
    """A boolean alpha is not a penalty weight: TypeError naming alpha."""
    with pytest.raises(TypeError, match=r"alpha must be a real number, got (bool|bool_)"):
        rd.w_tilde_eig(H2, W2, alpha)


@pytest.mark.parametrize("alpha", [np.nan, np.inf])
def test_non_finite_alpha(alpha):
    """A NaN or infinite alpha raises ValueError naming alpha."""
    with pytest.raises(ValueError, match=r"alpha must be finite, got (nan|inf)"):
        rd.shrinkage_factors([1.0], alpha)


def test_numpy_scalar_alpha_accepted():
    """numpy scalars are real numbers: np.float64 and np.int64 alphas work like floats."""
    expected = np.linalg.solve(H2 + 2.0 * np.eye(2), H2 @ W2)
    assert np.allclose(rd.w_tilde_solve(H2, W2, np.float64(2.0)), expected)
    assert np.allclose(rd.w_tilde_solve(H2, W2, np.int64(2)), expected)


def test_negative_alphas_in_path():
    """A negative entry in alphas raises ValueError naming alphas and the minimum."""
    with pytest.raises(ValueError, match=r"alphas must all be >= 0, got minimum -0\.5"):
        rd.regularization_path(H2, W2, [1.0, -0.5, 2.0])
    with pytest.raises(ValueError, match=r"alphas must all be >= 0"):
        rd.ridge_path(X, Y, [-0.5])


def test_negative_eigvals():
    """Negative eigenvalues in shrinkage_factors raise ValueError naming eigvals and the minimum."""
    with pytest.raises(ValueError, match=r"eigvals must all be >= 0 .*got minimum -2\.0$"):
        rd.shrinkage_factors([1.0, -2.0], 1.0)


# --- lr and num_steps ------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0.0, -0.1])
def test_non_positive_lr(lr):
    """lr <= 0 raises ValueError naming lr and its value."""
    with pytest.raises(ValueError, match=r"lr must be > 0, got " + re.escape(repr(lr))):
        rd.gradient_descent(H2, W2, [0.0, 0.0], lr, 5)
    with pytest.raises(ValueError, match=r"lr must be > 0"):
        rd.weight_decay_step(W2, W2, lr, 1.0)


def test_string_lr():
    """A string lr raises TypeError naming lr."""
    with pytest.raises(TypeError, match=r"lr must be a real number, got str"):
        rd.penalized_gradient_step(W2, W2, "0.1", 1.0)


@pytest.mark.parametrize("num_steps", [10.0, "10", None, True])
def test_non_integer_num_steps(num_steps):
    """A num_steps that is not an integer raises TypeError naming num_steps and its type."""
    with pytest.raises(TypeError, match=r"num_steps must be an integer, got " + type(num_steps).__name__):
        rd.gradient_descent(H2, W2, [0.0, 0.0], 0.1, num_steps)


def test_negative_num_steps():
    """A negative num_steps raises ValueError naming num_steps."""
    with pytest.raises(ValueError, match=r"num_steps must be >= 0, got -1"):
        rd.gradient_descent(H2, W2, [0.0, 0.0], 0.1, -1)


# --- linear ------------------------------------------------------------------------------


def test_sample_count_mismatch():
    """X and y with different sample counts raise ValueError showing both counts."""
    with pytest.raises(ValueError, match=r"Number of samples in X and y does not correspond: 5 != 4"):
        rd.ridge(X, Y[:4], 1.0)
    for func in (rd.least_squares, lambda X_, y_: rd.ridge_path(X_, y_, [1.0]),
                 lambda X_, y_: rd.loo_errors(X_, y_, [1.0])):
        with pytest.raises(ValueError, match=r"5 != 4"):
            func(X, Y[:4])


@pytest.mark.parametrize("method", ["qr", "SVD", "", None])
def test_bad_method(method):
    """An unknown method raises ValueError listing the valid names and the given one."""
    with pytest.raises(ValueError, match=r"method must be 'svd' or 'cholesky', got " + re.escape(repr(method))):
        rd.ridge(X, Y, 1.0, method=method)


def test_x_not_matrix():
    """A 1-D X raises ValueError naming X; a 2-D y raises ValueError naming y."""
    with pytest.raises(ValueError, match=r"X must be a 2-D matrix"):
        rd.ridge(Y, Y, 1.0)
    with pytest.raises(ValueError, match=r"y must be a 1-D vector"):
        rd.ridge(X, Y[:, None], 1.0)


def test_nan_in_x():
    """NaN in X raises ValueError naming X."""
    Xn = X.copy()
    Xn[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must contain only finite numbers"):
        rd.ridge(Xn, Y, 1.0)


# --- random bad inputs (hypothesis) -------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False))
def test_any_negative_alpha_rejected(alpha):
    """Every finite negative alpha is rejected with ValueError naming alpha."""
    with pytest.raises(ValueError, match=r"alpha must be >= 0"):
        rd.w_tilde_solve(H2, W2, alpha)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.text(max_size=5), st.none(), st.booleans(), st.lists(st.floats(), max_size=2),
                 st.complex_numbers(allow_nan=False)))
def test_any_non_real_alpha_rejected(alpha):
    """Strings, None, booleans, lists and complex numbers are rejected as alpha with TypeError."""
    with pytest.raises(TypeError, match=r"alpha must be a real number"):
        rd.w_tilde_solve(H2, W2, alpha)


@st.composite
def scaled_spectra(draw):
    """(Q, eigenvalues, scale) for a random p x p symmetric matrix Q diag(eigenvalues) Q^T."""
    p = draw(st.integers(2, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(p, p)))
    lam = draw(arrays(np.float64, (p,), elements=st.floats(0.0, 10.0)))
    scale = 10.0 ** draw(st.integers(-12, 12))
    return Q, lam, scale


@settings(max_examples=50, deadline=None)
@given(scaled_spectra(), st.floats(1e-5, 1.0))
def test_random_indefinite_rejected(spec, neg):
    """A random symmetric H with a clearly negative eigenvalue is rejected at any scale."""
    Q, lam, scale = spec
    lam = lam.copy()
    lam[0] = -neg * max(lam.max(), 1.0)  # at least 1e-5 of the spectral radius
    H = scale * (Q @ np.diag(lam) @ Q.T)
    H = (H + H.T) / 2
    with pytest.raises(ValueError, match=r"H must be positive semidefinite"):
        check_symmetric_psd(H)


@settings(max_examples=50, deadline=None)
@given(scaled_spectra())
def test_random_psd_accepted(spec):
    """A random PSD H = Q diag(lambda >= 0) Q^T (also singular) is accepted at any scale."""
    Q, lam, scale = spec
    H = scale * (Q @ np.diag(lam) @ Q.T)
    H = (H + H.T) / 2
    out = check_symmetric_psd(H)
    assert np.allclose(out, H, rtol=0, atol=1e-14 * max(np.abs(H).max(), 1e-300))


@settings(max_examples=50, deadline=None)
@given(scaled_spectra(), st.floats(1e-6, 1.0), st.data())
def test_random_asymmetric_rejected(spec, rel, data):
    """Adding a non-rounding perturbation to one off-diagonal entry is rejected as non-symmetric."""
    Q, lam, scale = spec
    H = scale * (Q @ np.diag(lam + 1.0) @ Q.T)
    H = (H + H.T) / 2
    p = H.shape[0]
    i = data.draw(st.integers(0, p - 1))
    j = data.draw(st.integers(0, p - 1).filter(lambda k: k != i))
    H[i, j] += rel * np.abs(H).max()
    with pytest.raises(ValueError, match=r"H must be symmetric"):
        check_symmetric_psd(H)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 4), st.data(), st.sampled_from([np.nan, np.inf, -np.inf]))
def test_random_non_finite_rejected(p, data, bad):
    """A NaN or inf anywhere in H or w_star is rejected with ValueError naming the argument."""
    H = np.eye(p)
    w = np.ones(p)
    target = data.draw(st.sampled_from(["H", "w_star"]))
    if target == "H":
        H[data.draw(st.integers(0, p - 1)), data.draw(st.integers(0, p - 1))] = bad
    else:
        w[data.draw(st.integers(0, p - 1))] = bad
    with pytest.raises(ValueError, match=rf"{target} must contain only finite numbers"):
        rd.w_tilde_solve(H, w, 1.0)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 4))
def test_random_sample_mismatch_rejected(n, m, p):
    """Any X, y with different sample counts is rejected, the message showing both counts."""
    if n == m:
        m += 1
    with pytest.raises(ValueError, match=rf"does not correspond: {n} != {m}"):
        rd.ridge(np.ones((n, p)), np.ones(m), 1.0)

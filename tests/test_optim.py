"""The four optimizers of ridgedoc.optim, and the numbers of docs/chapter/in-practice.md.

References: the published update rules transcribed here step by step (Kingma & Ba 2015,
Algorithm 1; Loshchilov & Hutter 2019, Algorithm 2 with schedule multiplier eta_t = 1; the
algorithm box of torch.optim.SGD's documentation), equations (7.4)/(7.5) written out, numpy
linear solves, scikit-learn's Ridge, and scipy.optimize for the box-constrained minimizer
that AdamW's long runs reach (Xie & Li 2024).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import Bounds, minimize
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler

import ridgedoc as rd
from tests.pageblocks import numbers, run_block

PAGE = "chapter/in-practice.md"
W0 = np.array([-1.5, 2.5])


@pytest.fixture
def problem():
    """The 2-D quadratic of the figures (rd.make_problem defaults)."""
    return rd.make_problem()


def kingma_ba_adam(grad_fn, theta0, *, alpha, beta1, beta2, eps, steps):
    """Algorithm 1 of Kingma & Ba (2015), line by line; ``alpha`` there is the step size."""
    theta = np.array(theta0, dtype=float)
    m = np.zeros_like(theta)  # 1st moment vector
    v = np.zeros_like(theta)  # 2nd moment vector
    out = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad_fn(theta)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - alpha * m_hat / (np.sqrt(v_hat) + eps)
        out.append(theta.copy())
    return np.array(out)


def loshchilov_hutter_adamw(grad_fn, theta0, *, alpha, beta1, beta2, eps, lam, steps):
    """Algorithm 2 of Loshchilov & Hutter (2019) with eta_t = 1 and decay lam (their lambda)."""
    theta = np.array(theta0, dtype=float)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for t in range(1, steps + 1):
        g = grad_fn(theta)  # no L2 term in the gradient
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        eta = 1.0
        theta = theta - eta * (alpha * m_hat / (np.sqrt(v_hat) + eps) + lam * theta)
        out.append(theta.copy())
    return np.array(out)


def scipy_box_minimizer(H, w_star, radius):
    """min 1/2 (w - w*)^T H (w - w*) subject to |w_i| <= radius, by scipy's L-BFGS-B with bounds
    (a quasi-Newton active-set method, not the projected gradient under test)."""
    p = len(w_star)
    res = minimize(lambda w: 0.5 * (w - w_star) @ H @ (w - w_star), np.zeros(p), jac=lambda w: H @ (w - w_star),
                   method="L-BFGS-B", bounds=Bounds(-radius * np.ones(p), radius * np.ones(p)),
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10_000})
    assert res.success, res.message
    return res.x


def torch_sgd_momentum(grad_fn, theta0, *, lr, momentum, weight_decay, steps):
    """torch.optim.SGD's documented algorithm (dampening 0, no Nesterov): g <- g + wd theta,
    b <- momentum b + g (b = g at t = 1), theta <- theta - lr b."""
    theta = np.array(theta0, dtype=float)
    b = None
    for _ in range(steps):
        g = grad_fn(theta) + weight_decay * theta
        b = g if b is None else momentum * b + g
        theta = theta - lr * b
    return theta


@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_adam_l2_is_kingma_ba_on_the_penalized_gradient(problem, alpha):
    """adam_l2 equals Kingma & Ba's Algorithm 1 fed the gradient H(w - w*) + alpha w, at every step."""
    H, w_star = problem
    ref = kingma_ba_adam(lambda w: H @ (w - w_star) + alpha * w, W0, alpha=0.05, beta1=0.9, beta2=0.999,
                         eps=1e-8, steps=400)
    run = rd.run_optimizer("adam_l2", H, w_star, W0, lr=0.05, alpha=alpha, num_steps=400)
    assert_allclose(run.path, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("lr", "alpha", "beta2"), [(0.05, 1.0, 0.999), (0.01, 0.2, 0.99)])
def test_adamw_is_loshchilov_hutter(problem, lr, alpha, beta2):
    """adamw equals Loshchilov & Hutter's Algorithm 2 with lambda = lr * alpha, at every step."""
    H, w_star = problem
    ref = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=lr, beta1=0.9, beta2=beta2, eps=1e-8,
                                  lam=lr * alpha, steps=400)
    run = rd.run_optimizer("adamw", H, w_star, W0, lr=lr, alpha=alpha, num_steps=400, beta2=beta2)
    assert_allclose(run.path, ref, rtol=1e-12, atol=1e-12)


def test_sgd_rules_are_74_and_75(problem):
    """sgd_l2 is (7.4) written out, sgd_decay is (7.5), and they agree to rounding along the whole path."""
    H, w_star = problem
    w, ref = W0.copy(), [W0.copy()]
    for _ in range(200):
        w = w - 0.1 * (0.7 * w + H @ (w - w_star))  # (7.4)
        ref.append(w.copy())
    l2 = rd.run_optimizer("sgd_l2", H, w_star, W0, lr=0.1, alpha=0.7, num_steps=200)
    decay = rd.run_optimizer("sgd_decay", H, w_star, W0, lr=0.1, alpha=0.7, num_steps=200)
    assert_allclose(l2.path, np.array(ref), rtol=0, atol=1e-15)
    assert np.abs(l2.path - decay.path).max() < 1e-14
    assert l2.v_hat is None and decay.m_hat is None


@pytest.mark.parametrize(("eigvals", "angle", "w_star", "radius"),
                         [((0.5, 4.0), 20.0, (2.0, 1.6), 1.0), ((0.5, 4.0), 20.0, (2.0, 1.6), 0.5),
                          ((1.0, 9.0), -35.0, (-3.0, 0.4), 1.2), ((0.5, 4.0), 20.0, (2.0, 1.6), 10.0)])
def test_linf_constrained_minimizer_matches_scipy(eigvals, angle, w_star, radius):
    """linf_constrained_minimizer equals scipy's trust-constr on the box |w_i| <= r, satisfies the
    KKT sign conditions, and returns w* itself when w* lies inside the box."""
    H, w_star = rd.make_problem(eigvals=eigvals, angle_deg=angle, w_star=w_star)
    ours = rd.linf_constrained_minimizer(H, w_star, radius)
    assert_allclose(ours, scipy_box_minimizer(H, w_star, radius), atol=1e-6)
    g = H @ (ours - w_star)
    inside = np.abs(ours) < radius - 1e-9
    assert np.all(np.abs(g[inside]) < 1e-9)
    assert np.all(-np.sign(ours[~inside]) * g[~inside] >= -1e-12)  # descent would leave the box
    if np.abs(w_star).max() <= radius:
        assert_allclose(ours, w_star, atol=1e-12)


def test_linf_constrained_minimizer_validation(problem):
    """Bad radius, a zero H and a non-converging iteration count raise with a message naming the problem."""
    H, w_star = problem
    with pytest.raises(ValueError, match="radius must be > 0"):
        rd.linf_constrained_minimizer(H, w_star, 0.0)
    with pytest.raises(ValueError, match="H must not be zero"):
        rd.linf_constrained_minimizer(np.zeros((2, 2)), w_star, 1.0)
    H2, w2 = rd.make_problem(eigvals=(1.0, 9.0), angle_deg=-35.0, w_star=(-3.0, 0.4))  # clip(w*) is not the answer
    with pytest.raises(RuntimeError, match="did not converge in 1 iterations"):
        rd.linf_constrained_minimizer(H2, w2, 1.2, max_iter=1)


@pytest.mark.parametrize(("lr", "beta2"), [(0.05, 0.99), (0.05, 0.999), (0.01, 0.99), (0.01, 0.999)])
def test_adamw_long_run_reaches_the_box_minimizer(problem, lr, beta2):
    """Loshchilov & Hutter's Algorithm 2 (transcribed, lambda = lr * alpha), run 100000 steps with
    alpha = 1, ends at scipy's minimizer of J in the box |w_i| <= 1/alpha, for every lr and beta2:
    the limit depends on neither (Xie & Li 2024). It is not the L2 solution w_tilde."""
    H, w_star = problem
    end = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=lr, beta1=0.9, beta2=beta2, eps=1e-8,
                                  lam=lr * 1.0, steps=100_000)[-1]
    box = scipy_box_minimizer(H, w_star, 1.0)
    assert_allclose(end, box, atol=1e-6)
    w_tilde = np.linalg.solve(H + np.eye(2), H @ w_star)
    assert np.abs(end - w_tilde).max() > 0.1


def test_sgd_momentum_weight_decay_is_l2_through_the_buffer(problem):
    """PyTorch's SGD(momentum=0.9, weight_decay=alpha), transcribed from its documentation, ends at
    w_tilde of (7.10) (numpy solve): the decay term goes through the momentum buffer like any gradient."""
    H, w_star = problem
    end = torch_sgd_momentum(lambda w: H @ (w - w_star), W0, lr=0.02, momentum=0.9, weight_decay=1.0, steps=5000)
    assert_allclose(end, np.linalg.solve(H + np.eye(2), H @ w_star), atol=1e-10)


def test_adam_l2_and_adamw_end_at_different_points(problem):
    """After 1000 steps Adam+L2 is at w_tilde of (7.10) (numpy solve); AdamW is more than 0.1 away."""
    H, w_star = problem
    w_tilde = np.linalg.solve(H + np.eye(2), H @ w_star)
    a = rd.run_optimizer("adam_l2", H, w_star, W0, lr=0.05, alpha=1.0, num_steps=1000).end
    b = rd.run_optimizer("adamw", H, w_star, W0, lr=0.05, alpha=1.0, num_steps=1000).end
    assert np.linalg.norm(a - w_tilde) < 1e-8
    assert np.linalg.norm(b - w_tilde) > 0.1
    assert np.linalg.norm(a - b) > 0.1


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"method": "adam"}, ValueError, r"method must be one of \('sgd_l2'"),
        ({"method": 3}, TypeError, "method must be a str"),
        ({"lr": 0.0}, ValueError, "lr must be > 0, got 0.0"),
        ({"alpha": -1.0}, ValueError, "alpha must be >= 0"),
        ({"num_steps": -1}, ValueError, "num_steps must be >= 0, got -1"),
        ({"num_steps": 2.5}, TypeError, "num_steps must be an integer"),
        ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\), got 1.0"),
        ({"beta2": -0.1}, ValueError, r"beta2 must be in \[0, 1\)"),
        ({"eps": 0.0}, ValueError, "eps must be > 0"),
        ({"w0": [1.0, 2.0, 3.0]}, ValueError, "w0 must have length 2"),
    ],
)
def test_run_optimizer_validation(problem, kwargs, exc, match):
    """run_optimizer rejects bad arguments with a message naming the argument and the value."""
    H, w_star = problem
    args = {"method": "adamw", "w0": W0, "lr": 0.05, "alpha": 1.0, "num_steps": 3} | kwargs
    method, w0 = args.pop("method"), args.pop("w0")
    with pytest.raises(exc, match=match):
        rd.run_optimizer(method, H, w_star, w0, **args)


def test_plot_optimizer_paths_validation(problem):
    """plot_optimizer_paths rejects an unknown method name and a path of the wrong shape."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ridgedoc import plots_learning

    H, w_star = problem
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="unknown method 'sgd'"):
            plots_learning.plot_optimizer_paths(ax, H, w_star, {"sgd": np.zeros((3, 2))}, alpha=1.0)
        with pytest.raises(ValueError, match=r"paths\['adamw'\] must have shape \(n, 2\)"):
            plots_learning.plot_optimizer_paths(ax, H, w_star, {"adamw": np.zeros((3, 3))}, alpha=1.0)
    finally:
        plt.close(fig)


# --- the page's numbers --------------------------------------------------------------


def diabetes_standardized():
    data = rd.load_diabetes()
    return StandardScaler().fit_transform(data.X), data.y


def test_page_mean_vs_sum():
    """The mean-loss block: alpha = m lam / 2 matches (to rounding), alpha = lam does not (sklearn Ridge)."""
    Z, y = diabetes_standardized()
    yc = y - y.mean()
    m, lam = len(y), 0.01
    # the mean objective's normal equations: (2/m Z^T Z + lam I) w = 2/m Z^T y
    w_mean = np.linalg.solve(2 / m * Z.T @ Z + lam * np.eye(10), 2 / m * Z.T @ yc)
    right = Ridge(alpha=m * lam / 2, fit_intercept=False).fit(Z, yc).coef_
    wrong = Ridge(alpha=lam, fit_intercept=False).fit(Z, yc).coef_
    assert_allclose(w_mean, right, rtol=1e-9)
    text = run_block(PAGE, "check-mean-vs-sum")
    assert f"m * lam / 2 = {m * lam / 2:g}" in text

    def labelled(label):
        """The number on the line carrying ``[label]`` (the page's prose names the lines by label)."""
        (line,) = [ln for ln in text.splitlines() if f"[{label}]" in ln]
        return numbers(line.split("]", 1)[1])[0]

    assert labelled("ridge, alpha = m*lam/2") < 1e-10
    assert labelled("ridge, alpha = lam, m forgotten") == pytest.approx(
        np.abs(w_mean - wrong).max() / np.abs(w_mean).max(), abs=0.006)
    assert labelled("3000 steps of (7.5)") < 1e-6


def test_page_prose_names_existing_labels():
    """Every `[label]` the in-practice prose cites is a label the mean-vs-sum block prints."""
    import re

    from tests.pageblocks import DOCS

    text = run_block(PAGE, "check-mean-vs-sum")
    prose = (DOCS / PAGE).read_text(encoding="utf-8")
    cited = re.findall(r"`\[([^\]`]+)\]` 줄", prose)
    assert len(cited) >= 3, cited
    for label in cited:
        assert f"[{label}]" in text, label


def test_page_bias_decay():
    """The bias block: intercept m*mean(y)/(m+alpha) and both training errors, from sklearn Ridge."""
    Z, y = diabetes_standardized()
    m, alpha = len(y), 100.0
    weights = Ridge(alpha=alpha).fit(Z, y)  # intercept not penalized
    A = np.column_stack([np.ones(m), Z])
    both = Ridge(alpha=alpha, fit_intercept=False).fit(A, y)  # intercept column penalized too
    vals = numbers(run_block(PAGE, "check-bias-decay"))
    assert vals[0] == pytest.approx(round(y.mean(), 1))
    assert vals[1] == pytest.approx(round(m * y.mean() / (m + alpha), 1))
    assert vals[1] == pytest.approx(round(both.coef_[0], 1))
    assert vals[2] == pytest.approx(np.mean((weights.predict(Z) - y) ** 2), abs=0.51)
    assert vals[3] == pytest.approx(np.mean((both.predict(A) - y) ** 2), abs=0.51)


def test_page_optimizer_ends(problem):
    """The end-point table: w_tilde from numpy solve, the four ends from the transcribed rules."""
    H, w_star = problem
    w_tilde = np.linalg.solve(H + np.eye(2), H @ w_star)
    adamw = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=0.05, beta1=0.9, beta2=0.999,
                                    eps=1e-8, lam=0.05, steps=1000)[-1]
    lines = run_block(PAGE, "check-optimizer-ends").strip().splitlines()
    assert_allclose(numbers(lines[0].split(":")[1]), w_tilde, atol=5e-5)
    for line in lines[1:4]:
        end = numbers(line.split("end")[1])[:2]
        assert_allclose(end, w_tilde, atol=5e-5)
    assert_allclose(numbers(lines[4].split("end")[1])[:2], adamw, atol=5e-5)
    assert numbers(lines[5].rsplit(":", 1)[1])[0] < 1e-14
    box = scipy_box_minimizer(H, w_star, 1.0)
    assert_allclose(numbers(lines[6].split(":")[1])[:2], box, atol=5e-5)
    assert numbers(lines[6].rsplit("=", 1)[1])[0] == pytest.approx(np.abs(adamw - box).max(), rel=0.05)


def test_page_adamw_long_run(problem):
    """The long-run block: for alpha = 1 and 0.3, the printed box minimizer is scipy's, w_tilde is numpy's,
    and every (lr, beta2) run of 100000 steps ends at the box minimizer (within the printed gap, which is
    tiny for alpha = 1 and lr-sized for alpha = 0.3, where the box contains w* and AdamW hovers around it)."""
    H, w_star = problem
    text = run_block(PAGE, "check-adamw-long-run")
    blocks = text.split("alpha = ")[1:]
    assert len(blocks) == 2
    for alpha, block in zip((1.0, 0.3), blocks, strict=True):
        head, *runs = block.strip().splitlines()
        box = scipy_box_minimizer(H, w_star, 1 / alpha)
        w_tilde = np.linalg.solve(H + alpha * np.eye(2), H @ w_star)
        radius, *printed_box = numbers(head.split("<=")[1].split("w_tilde")[0])
        assert radius == pytest.approx(round(1 / alpha, 2))
        assert_allclose(printed_box, box, atol=5e-5)
        assert_allclose(numbers(head.split("(7.10):")[1]), w_tilde, atol=5e-5)
        assert len(runs) == 4
        for line in runs:
            lr = float(line.split("lr=")[1].split()[0])
            b2 = float(line.split("beta2=")[1].split(":")[0])
            ref = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=lr, beta1=0.9, beta2=b2,
                                          eps=1e-8, lam=lr * alpha, steps=100_000)
            end, gap = numbers(line.split("end")[1])[:2], numbers(line.split("within")[1])[0]
            ref_gap = np.abs(ref[-1000:] - box).max()
            if alpha == 1.0:  # converged: the two implementations agree to rounding
                assert_allclose(end, ref[-1], atol=5e-5)
                assert gap < 1e-6 and ref_gap < 1e-6
            else:  # hovering around w*: rounding differences grow, so compare the size of the hovering
                assert np.abs(np.subtract(end, box)).max() <= gap + 1e-4
                assert gap < 3 * lr and ref_gap < 3 * lr
                assert ref_gap / 3 < gap < 3 * ref_gap
    assert_allclose(scipy_box_minimizer(H, w_star, 1 / 0.3), w_star, atol=1e-6)  # the box contains w*


# --- exercises ---------------------------------------------------------------------------


def test_exercise_1():
    """Exercise 1: alpha = m lam / 2 = 0.221 for m = 442, and the mean-loss solution equals sklearn's Ridge there."""
    Z, y = diabetes_standardized()
    yc = y - y.mean()
    m, lam = len(y), 0.001
    text = run_block(PAGE, "ex-prac-1")
    assert numbers(text)[-1] == pytest.approx(m * lam / 2)
    w_mean = np.linalg.solve(2 / m * Z.T @ Z + lam * np.eye(10), 2 / m * Z.T @ yc)
    assert_allclose(w_mean, Ridge(alpha=m * lam / 2, fit_intercept=False).fit(Z, yc).coef_, rtol=1e-9)
    assert "same solution: True" in text


def test_exercise_2(problem):
    """Exercise 2: first steps equal the transcribed algorithms' first steps (sign of the gradient)."""
    H, w_star = problem
    a = kingma_ba_adam(lambda w: H @ (w - w_star) + w, W0, alpha=0.05, beta1=0.9, beta2=0.999, eps=1e-8, steps=1)
    b = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=0.05, beta1=0.9, beta2=0.999, eps=1e-8,
                                lam=0.05, steps=1)
    lines = run_block(PAGE, "ex-prac-2").strip().splitlines()
    for line, ref in zip(lines, (a[-1], b[-1]), strict=True):
        by_hand, ours = numbers(line.split("by hand")[1])[:2], numbers(line.split("run_optimizer")[1])
        assert_allclose(by_hand, ref, atol=5e-5)
        assert_allclose(ours, ref, atol=5e-5)


def test_exercise_3():
    """Exercise 3: the penalized intercept is m*mean(y)/(m+alpha), as sklearn Ridge on [1, Z] finds."""
    Z, y = diabetes_standardized()
    m = len(y)
    b = Ridge(alpha=100.0, fit_intercept=False).fit(np.column_stack([np.ones(m), Z]), y).coef_[0]
    vals = numbers(run_block(PAGE, "ex-prac-3"))
    assert vals[0] == pytest.approx(round(b, 3))
    assert vals[-1] == pytest.approx(round(m * y.mean() / (m + 100.0), 3))


def test_exercise_4(problem):
    """Exercise 4: Adam+L2 stays within 1e-2 of w_tilde for both beta2; AdamW's 3000-step ends differ by
    > 0.05 but its 100000-step ends are both scipy's box minimizer; the 3000-step run with beta2 = 0.999
    has |s_hat / sqrt(r_hat)| < 1 there (the reason the answer gives)."""
    H, w_star = problem
    w_tilde = np.linalg.solve(H + np.eye(2), H @ w_star)
    box = scipy_box_minimizer(H, w_star, 1.0)
    lines = run_block(PAGE, "ex-prac-4").strip().splitlines()
    assert_allclose(numbers(lines[0].split("(7.10):")[1])[:2], w_tilde, atol=5e-5)
    assert_allclose(numbers(lines[0].split("box:")[1]), box, atol=5e-5)
    ends = {}
    for line in lines[1:]:
        method, b2 = line.split(",")[0].strip(), float(line.split("beta2=")[1].split(",")[0])
        steps = int(numbers(line.split(",")[2])[0])
        ends[method, b2, steps] = numbers(line.split("end")[1])[:2]
        if method == "adam_l2":  # near w_tilde it oscillates chaotically for beta2 = 0.99: compare distances
            ref = kingma_ba_adam(lambda w: H @ (w - w_star) + w, W0, alpha=0.05, beta1=0.9, beta2=b2, eps=1e-8,
                                 steps=steps)
            assert np.abs(ref[-500:] - w_tilde).max() < 1e-2
            assert np.linalg.norm(np.subtract(ends[method, b2, steps], w_tilde)) < 1e-2
        else:
            ref = loshchilov_hutter_adamw(lambda w: H @ (w - w_star), W0, alpha=0.05, beta1=0.9, beta2=b2,
                                          eps=1e-8, lam=0.05, steps=steps)
            assert_allclose(ends[method, b2, steps], ref[-1], atol=5e-5)
    assert np.linalg.norm(np.subtract(ends["adamw", 0.99, 3000], ends["adamw", 0.999, 3000])) > 0.05
    for b2 in (0.99, 0.999):
        assert_allclose(ends["adamw", b2, 100000], box, atol=5e-5)
    run = rd.run_optimizer("adamw", H, w_star, W0, lr=0.05, alpha=1.0, num_steps=3000, beta2=0.999)
    assert np.all(np.abs(run.m_hat) / np.sqrt(run.v_hat) < 1)

r"""Data and answers of the exercises (연습 문제) on the chapter pages (numpy only).

Each ``*_exercise`` function takes the data of one exercise (its defaults are the
values the page uses), computes the answer with ridgedoc's own functions and returns
a ``dict`` holding both, so a page prints the question and the folded answer from the
same numbers, and ``tests/test_exercises.py`` checks every answer against an
independent computation. ``fmt``, ``fmt_vector`` and ``tex_matrix`` turn numbers into
the short text the pages print.
"""

from __future__ import annotations

import html
import math
import numbers
import re

import numpy as np

from ._validation import (
    as_matrix,
    as_vector,
    check_alpha,
    check_alphas,
    check_count,
    check_positive,
)
from .data import load_longley
from .examples import make_problem
from .linear import loo_errors, penalty_for_book_715, ridge, ridge_effective_parameters, standardize
from .quadratic import (
    _problem,
    effective_parameters,
    eigh_psd,
    gradient,
    gradient_descent,
    objective,
    penalized_gradient_step,
    regularization_path,
    regularized_objective,
    shrinkage_factors,
    w_tilde_limit,
    w_tilde_solve,
    weight_decay_step,
)

__all__ = [
    "fmt",
    "fmt_sig",
    "fmt_vector",
    "tex_matrix",
    "weight_decay_step_exercise",
    "steps_to_fraction",
    "decay_regimes",
    "one_dim_equilibrium",
    "solve_exercise",
    "isotropic_exercise",
    "singular_limit_exercise",
    "tradeoff_exercise",
    "shrinkage_exercise",
    "rotation_exercise",
    "alpha_for_shrinkage",
    "alpha_for_effective_parameters",
    "effective_target_exercise",
    "halving_exercise",
    "explorer_readout",
    "alpha_for_norm_fraction",
    "large_alpha_exercise",
    "details_html",
    "longley_effective_parameters_exercise",
    "longley_condition_exercise",
    "longley_loo_exercise",
    "longley_convention_exercise",
]

# log10(alpha) bracket searched by the root finders, and the bisection steps taken.
_LOG_ALPHA_LO, _LOG_ALPHA_HI, _BISECT_STEPS = -12.0, 12.0, 200


# ------------------------------------------------------------------ formatting


def _check_digits(digits: object) -> int:
    return check_count(digits, "digits")


def fmt(x, digits: int = 3) -> str:
    """A number rounded to ``digits`` decimals, without trailing zeros.

    Parameters
    ----------
    x : float
        실수 하나.
    digits : int, default=3
        소수점 아래 자릿수 (0 이상).

    Returns
    -------
    str
        예: ``fmt(0.950) == "0.95"``, ``fmt(2.0) == "2"``, ``fmt(-0.0001) == "0"``.

    Examples
    --------
    >>> fmt(1 / 3), fmt(2.0), fmt(-1.25, 1)
    ('0.333', '2', '-1.2')
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"x must be a real number, got {type(x).__name__} {x!r}")
    digits = _check_digits(digits)
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"x must be finite, got {value!r}")
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_sig(x, sig: int = 3) -> str:
    r"""A number with ``sig`` significant digits, for TeX: ``2.29\times10^{-5}`` rather than ``2.29e-05``.

    Parameters
    ----------
    x : float
        유한한 실수.
    sig : int, default=3
        유효 숫자의 개수 (1 이상).

    Returns
    -------
    str
        수식 안에 넣을 문자열.

    Examples
    --------
    >>> fmt_sig(2.2935e-05), fmt_sig(0.1346, 2), fmt_sig(1234.5)
    ('2.29\\times10^{-5}', '0.13', '1.23\\times10^{3}')
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"x must be a real number, got {type(x).__name__} {x!r}")
    sig = check_count(sig, "sig", minimum=1)
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"x must be finite, got {value!r}")
    text = f"{value:.{sig}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return mantissa + r"\times10^{" + str(int(exponent)) + "}"


def fmt_vector(v, digits: int = 3, *, sig: int | None = None) -> str:
    """A vector as ``(a, b, ...)`` with each entry written by :func:`fmt` (or :func:`fmt_sig`).

    Parameters
    ----------
    v : array_like of shape (p,)
    digits : int, default=3
        :func:`fmt` 의 소수점 아래 자릿수.
    sig : int, optional
        주면 :func:`fmt_sig` 로 유효 숫자 ``sig`` 자리씩 씁니다 (수식 안에서 쓸 것).

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_vector([0.5, -2.0])
    '(0.5, -2)'
    """
    v = as_vector(v, "v")
    if sig is not None:
        return "(" + ", ".join(fmt_sig(float(x), sig) for x in v) + ")"
    return "(" + ", ".join(fmt(float(x), digits) for x in v) + ")"


def tex_matrix(M, digits: int = 3) -> str:
    r"""A matrix (or a vector, as a column) as TeX ``\begin{pmatrix}...\end{pmatrix}``.

    Parameters
    ----------
    M : array_like of shape (p, q) or (p,)
    digits : int, default=3

    Returns
    -------
    str

    Examples
    --------
    >>> tex_matrix([[3, 1], [1, 2]])
    '\\begin{pmatrix}3&1\\\\1&2\\end{pmatrix}'
    """
    if isinstance(M, (str, bytes)) or np.ndim(M) not in (1, 2):
        raise ValueError(f"M must be a 1-D or 2-D array of real numbers, got {M!r}")
    rows = as_vector(M, "M")[:, None] if np.ndim(M) == 1 else as_matrix(M, "M")
    body = r"\\".join("&".join(fmt(float(x), digits) for x in row) for row in rows)
    return r"\begin{pmatrix}" + body + r"\end{pmatrix}"


# ------------------------------------------------------------------ small checks


def _check_fraction(value: object, name: str) -> float:
    """A real number strictly between 0 and 1."""
    out = check_positive(value, name)
    if not out < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {out!r}")
    return out


def _solve_decreasing(f, target: float, what: str) -> float:
    """The alpha > 0 with f(alpha) = target, for f decreasing in alpha (bisection on log10 alpha)."""
    lo, hi = _LOG_ALPHA_LO, _LOG_ALPHA_HI
    if not f(10.0**hi) < target < f(10.0**lo):
        raise ValueError(
            f"{what} = {target!r} is not reached for alpha in [1e{lo:g}, 1e{hi:g}] "
            f"(values there run from {f(10.0**lo)!r} down to {f(10.0**hi)!r})"
        )
    for _ in range(_BISECT_STEPS):
        mid = (lo + hi) / 2
        if f(10.0**mid) > target:
            lo = mid
        else:
            hi = mid
    return float(10.0 ** ((lo + hi) / 2))


# ------------------------------------------------------------------ weight-decay page


def weight_decay_step_exercise(w=(1.5, -2.0), grad=(0.5, -1.0), lr=0.1, alpha=0.5) -> dict:
    r"""One step of weight decay (7.5), split into its two stages.

    Parameters
    ----------
    w : array_like of shape (p,)
        지금의 가중치.
    grad : array_like of shape (p,)
        데이터 항의 기울기 :math:`\nabla_{\boldsymbol w}J`.
    lr : float
        학습률 :math:`\epsilon` (> 0).
    alpha : float
        0 이상.

    Returns
    -------
    dict
        ``w``, ``grad``, ``lr``, ``alpha``; ``factor`` = :math:`1-\epsilon\alpha`;
        ``decayed`` = ``factor * w`` (1단계); ``step`` = :math:`-\epsilon\nabla J` (2단계);
        ``w_new``: 식 (7.5)의 결과; ``w_new_74``: 같은 걸음을 식 (7.4)로 계산한 값.
    """
    w = as_vector(w, "w")
    grad = as_vector(grad, "grad", size=w.shape[0], match="w")
    lr = check_positive(lr, "lr")
    alpha = check_alpha(alpha)
    factor = 1.0 - lr * alpha
    return {
        "w": w,
        "grad": grad,
        "lr": lr,
        "alpha": alpha,
        "factor": factor,
        "decayed": factor * w,
        "step": -lr * grad,
        "w_new": weight_decay_step(w, grad, lr, alpha),
        "w_new_74": penalized_gradient_step(w, grad, lr, alpha),
    }


def steps_to_fraction(lr=0.1, alpha=0.5, fraction=0.5) -> dict:
    r"""How many pure decay steps (data gradient 0) bring a weight down to ``fraction`` of itself.

    Each step multiplies the weight by :math:`1-\epsilon\alpha`, so after k steps it is
    :math:`(1-\epsilon\alpha)^k` times the start; the answer is the smallest k with
    :math:`(1-\epsilon\alpha)^k\le` ``fraction``.

    Parameters
    ----------
    lr : float
        학습률 (> 0).
    alpha : float
        > 0, 그리고 ``lr * alpha < 1`` (곱하는 수가 0과 1 사이).
    fraction : float
        0과 1 사이의 목표 비율.

    Returns
    -------
    dict
        ``lr``, ``alpha``, ``fraction``, ``factor``; ``steps`` (int);
        ``remaining`` = ``factor**steps`` (목표 이하); ``before`` = ``factor**(steps-1)`` (목표보다 큼);
        ``exact`` = :math:`\ln(\text{fraction})/\ln(1-\epsilon\alpha)` (``steps`` 는 이 값 이상인 가장 작은 정수).
    """
    lr = check_positive(lr, "lr")
    alpha = check_positive(alpha, "alpha")
    fraction = _check_fraction(fraction, "fraction")
    factor = 1.0 - lr * alpha
    if not 0.0 < factor < 1.0:
        raise ValueError(
            f"lr * alpha must lie strictly between 0 and 1 so that 1 - lr * alpha is a decay factor, "
            f"got lr * alpha = {lr * alpha!r}"
        )
    steps = max(1, math.ceil(math.log(fraction) / math.log(factor)))
    # the logarithms can round across an integer: settle k on the powers themselves
    while factor**steps > fraction:
        steps += 1
    while steps > 1 and factor ** (steps - 1) <= fraction:
        steps -= 1
    return {
        "lr": lr,
        "alpha": alpha,
        "fraction": fraction,
        "factor": factor,
        "steps": steps,
        "remaining": factor**steps,
        "before": factor ** (steps - 1),
        "exact": math.log(fraction) / math.log(factor),
    }


def decay_regimes(lr=0.5, alphas=(1.0, 2.0, 3.0, 5.0), w0=1.0, num_steps=4) -> list[dict]:
    r"""Weights under pure decay (data gradient 0) for several alphas: what happens when :math:`\epsilon\alpha>1`.

    Parameters
    ----------
    lr : float
        학습률 (> 0).
    alphas : array_like of shape (k,)
        0 이상의 값들.
    w0 : float
        처음 가중치 (스칼라 하나).
    num_steps : int
        걸음 수 (1 이상).

    Returns
    -------
    list of dict
        α마다 하나: ``alpha``, ``lr``, ``lr_alpha`` = :math:`\epsilon\alpha`, ``factor`` = :math:`1-\epsilon\alpha`,
        ``weights`` (ndarray of shape (num_steps + 1,)): 식 (7.5)를 데이터 기울기 0으로 되풀이한 값.
    """
    lr = check_positive(lr, "lr")
    alphas = check_alphas(alphas)
    w0 = as_vector([w0], "w0")
    num_steps = check_count(num_steps, "num_steps", minimum=1)
    out = []
    for a in alphas:
        w = w0
        weights = [float(w[0])]
        for _ in range(num_steps):
            w = weight_decay_step(w, np.zeros(1), lr, float(a))
            weights.append(float(w[0]))
        out.append(
            {
                "alpha": float(a),
                "lr": lr,
                "lr_alpha": lr * float(a),
                "factor": 1.0 - lr * float(a),
                "weights": np.array(weights),
            }
        )
    return out


def one_dim_equilibrium(h=2.0, w_star=3.0, alpha=1.0, lr=0.1, num_steps=200, w0=0.0) -> dict:
    r"""Where weight decay stops on the 1-D quadratic :math:`J(w)=\tfrac h2(w-w^\ast)^2`.

    At the stopping point the decay :math:`-\alpha w` and the data's pull
    :math:`-h(w-w^\ast)` cancel, so :math:`\tilde w=hw^\ast/(h+\alpha)`.

    Parameters
    ----------
    h : float
        곡률 (> 0).
    w_star : float
        정칙화하지 않은 최소점.
    alpha : float
        0 이상.
    lr : float
        학습률, 0 < lr < 2/(h + alpha).
    num_steps : int
        경사 하강법의 걸음 수.
    w0 : float
        시작점.

    Returns
    -------
    dict
        ``h``, ``w_star``, ``alpha``, ``lr``, ``num_steps``, ``w0``;
        ``w_tilde`` (식 (7.10)의 1차원 판); ``w_gd`` (식 (7.5)로 ``num_steps`` 걸음 간 끝점);
        ``decay_pull`` = :math:`-\alpha\tilde w`; ``data_pull`` = :math:`-h(\tilde w-w^\ast)`.
    """
    h = check_positive(h, "h")
    w_star = float(as_vector([w_star], "w_star")[0])
    alpha = check_alpha(alpha)
    w0 = float(as_vector([w0], "w0")[0])
    H = np.array([[h]])
    w_tilde = float(w_tilde_solve(H, [w_star], alpha)[0])
    w_gd = float(gradient_descent(H, [w_star], [w0], lr, num_steps, alpha)[-1, 0])
    return {
        "h": h,
        "w_star": w_star,
        "alpha": alpha,
        "lr": float(lr),
        "num_steps": int(num_steps),
        "w0": w0,
        "w_tilde": w_tilde,
        "w_gd": w_gd,
        "decay_pull": -alpha * w_tilde,
        "data_pull": float(-gradient([w_tilde], H, [w_star])[0]),
    }


# ------------------------------------------------------------------ quadratic page


def solve_exercise(H=((3.0, 1.0), (1.0, 2.0)), w_star=(1.0, 1.0), alpha=1.0) -> dict:
    r"""The regularized minimizer from the linear system (7.9).

    Parameters
    ----------
    H : array_like of shape (p, p)
        헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (p,)
    alpha : float
        > 0.

    Returns
    -------
    dict
        ``H``, ``w_star``, ``alpha``; ``A`` = :math:`\boldsymbol H+\alpha\boldsymbol I`;
        ``b`` = :math:`\boldsymbol H\boldsymbol w^\ast`; ``det`` = :math:`\det(\boldsymbol H+\alpha\boldsymbol I)`; ``w_tilde``;
        ``residual_78``: 식 (7.8)의 좌변
        :math:`\alpha\tilde{\boldsymbol w}+\boldsymbol H(\tilde{\boldsymbol w}-\boldsymbol w^\ast)` (0이어야 함).
    """
    H, w_star = _problem(H, w_star)
    alpha = check_positive(alpha, "alpha")
    w_tilde = w_tilde_solve(H, w_star, alpha)
    return {
        "H": H,
        "w_star": w_star,
        "alpha": alpha,
        "A": H + alpha * np.eye(H.shape[0]),
        "b": H @ w_star,
        "det": float(np.linalg.det(H + alpha * np.eye(H.shape[0]))),
        "w_tilde": w_tilde,
        "residual_78": alpha * w_tilde + gradient(w_tilde, H, w_star),
    }


def isotropic_exercise(lam=2.0, w_star=(1.0, -2.0, 0.5), alpha=0.5) -> dict:
    r"""The case :math:`\boldsymbol H=\lambda\boldsymbol I`: every direction shrinks by :math:`\lambda/(\lambda+\alpha)`.

    Parameters
    ----------
    lam : float
        모든 방향의 곡률 (> 0).
    w_star : array_like of shape (p,)
    alpha : float
        0 이상.

    Returns
    -------
    dict
        ``lam``, ``w_star``, ``alpha``; ``factor`` = :math:`\lambda/(\lambda+\alpha)`;
        ``w_tilde`` (식 (7.10)을 풀어서); ``ratios``: ``w_star``가 0이 아닌 좌표마다 ``w_tilde / w_star``.
    """
    lam = check_positive(lam, "lam")
    w_star = as_vector(w_star, "w_star")
    alpha = check_alpha(alpha)
    w_tilde = w_tilde_solve(lam * np.eye(w_star.shape[0]), w_star, alpha)
    nonzero = w_star != 0
    return {
        "lam": lam,
        "w_star": w_star,
        "alpha": alpha,
        "factor": float(shrinkage_factors([lam], alpha)[0]),
        "w_tilde": w_tilde,
        "ratios": w_tilde[nonzero] / w_star[nonzero],
    }


def singular_limit_exercise(
    H=((1.0, 1.0), (1.0, 1.0)), w_star=(3.0, 1.0), alphas=(1e-1, 1e-3, 1e-6)
) -> dict:
    r"""The limit :math:`\alpha\to0^+` when H has a direction of zero curvature.

    Parameters
    ----------
    H : array_like of shape (p, p)
        고윳값 0을 가진 헤시안 (랭크가 p보다 작음).
    w_star : array_like of shape (p,)
    alphas : array_like of shape (k,)
        > 0 인 값들.

    Returns
    -------
    dict
        ``H``, ``w_star``, ``alphas``; ``eigvals`` (오름차순); ``null`` = 고윳값 0의 단위
        고유벡터 (첫 0이 아닌 성분이 양수); ``limit`` = :math:`\boldsymbol P\boldsymbol w^\ast`;
        ``w_tildes`` (k, p); ``null_components`` = α마다 :math:`\boldsymbol v^\top\tilde{\boldsymbol w}`;
        ``dist_to_w_star``, ``dist_to_limit``: α마다의 거리.
    """
    H, w_star = _problem(H, w_star)
    alphas = check_alphas(alphas)
    if np.any(alphas <= 0):
        raise ValueError(f"alphas must all be > 0, got minimum {float(alphas.min())!r}")
    eigvals, Q = eigh_psd(H)
    if not eigvals[0] <= 1e-12 * max(float(eigvals[-1]), 1.0):
        raise ValueError(
            f"H must be singular (an eigenvalue 0), got eigenvalues {eigvals.tolist()}"
        )
    null = Q[:, 0]
    null = null * np.sign(null[np.flatnonzero(np.abs(null) > 1e-12)[0]])
    limit = w_tilde_limit(H, w_star)
    w_tildes = np.array([w_tilde_solve(H, w_star, float(a)) for a in alphas])
    return {
        "H": H,
        "w_star": w_star,
        "alphas": alphas,
        "eigvals": eigvals,
        "null": null,
        "limit": limit,
        "w_tildes": w_tildes,
        "null_components": w_tildes @ null,
        "dist_to_w_star": np.linalg.norm(w_tildes - w_star, axis=1),
        "dist_to_limit": np.linalg.norm(w_tildes - limit, axis=1),
    }


def tradeoff_exercise(H=None, w_star=None, alpha=1.0) -> dict:
    r"""What the penalty buys at :math:`\tilde{\boldsymbol w}`: J rises a little, the penalty falls more.

    Parameters
    ----------
    H, w_star : array_like, optional
        주지 않으면 :func:`ridgedoc.make_problem` 의 문제 (앞 페이지들의 2차원 문제).
    alpha : float
        > 0.

    Returns
    -------
    dict
        ``H``, ``w_star``, ``alpha``, ``w_tilde``; ``J_rise`` = :math:`\hat J(\tilde{\boldsymbol w})-\hat J(\boldsymbol w^\ast)`;
        ``penalty_w_star``, ``penalty_w_tilde`` = :math:`\tfrac\alpha2\|\boldsymbol w\|_2^2`;
        ``J_tilde_w_star``, ``J_tilde_w_tilde``: 두 점에서의 :math:`\tilde J` (:math:`J(\boldsymbol w^\ast)=0`).
    """
    if (H is None) != (w_star is None):
        raise TypeError("give both H and w_star, or neither (then ridgedoc.make_problem() is used)")
    if H is None:
        H, w_star = make_problem()
    H, w_star = _problem(H, w_star)
    alpha = check_positive(alpha, "alpha")
    w_tilde = w_tilde_solve(H, w_star, alpha)
    return {
        "H": H,
        "w_star": w_star,
        "alpha": alpha,
        "w_tilde": w_tilde,
        "J_rise": objective(w_tilde, H, w_star) - objective(w_star, H, w_star),
        "penalty_w_star": 0.5 * alpha * float(w_star @ w_star),
        "penalty_w_tilde": 0.5 * alpha * float(w_tilde @ w_tilde),
        "J_tilde_w_star": regularized_objective(w_star, H, w_star, alpha),
        "J_tilde_w_tilde": regularized_objective(w_tilde, H, w_star, alpha),
    }


# ------------------------------------------------------------------ eigen page


def shrinkage_exercise(eigvals=(9.0, 1.0, 0.1), alpha=1.0) -> dict:
    r"""Shrinkage factors and the effective number of parameters for given eigenvalues.

    Parameters
    ----------
    eigvals : array_like of shape (p,)
        헤시안의 고윳값 (0 이상).
    alpha : float
        > 0.

    Returns
    -------
    dict
        ``eigvals``, ``alpha``; ``factors`` = :math:`\lambda_i/(\lambda_i+\alpha)`;
        ``effective`` = 그 합; ``rank`` = 0이 아닌 고윳값의 개수 (:math:`\alpha\to0` 의 유효 파라미터 수).
    """
    lam = as_vector(eigvals, "eigvals")
    alpha = check_positive(alpha, "alpha")
    factors = shrinkage_factors(lam, alpha)
    return {
        "eigvals": lam,
        "alpha": alpha,
        "factors": factors,
        "effective": effective_parameters(lam, alpha),
        "rank": int(np.count_nonzero(lam > 0)),
    }


def rotation_exercise(eigvals=(1.0, 3.0), angle_deg=45.0, w_star=(2.0, 0.0), alpha=1.0) -> dict:
    r"""Formula (7.13) step by step: rotate, scale, rotate back.

    The eigenvectors are :math:`\boldsymbol q_1=(\cos\theta,\sin\theta)`,
    :math:`\boldsymbol q_2=(-\sin\theta,\cos\theta)` (the convention of :func:`ridgedoc.make_problem`).

    Parameters
    ----------
    eigvals : pair of float
        :math:`\lambda_1, \lambda_2` (0 이상).
    angle_deg : float
        :math:`\boldsymbol q_1` 이 :math:`w_1` 축과 이루는 각 θ (도).
    w_star : pair of float
    alpha : float
        > 0.

    Returns
    -------
    dict
        ``eigvals``, ``angle_deg``, ``w_star``, ``alpha``, ``H``; ``Q`` (열이 q1, q2);
        ``coords`` = :math:`\boldsymbol Q^\top\boldsymbol w^\ast`; ``factors``; ``scaled`` = 축소한 좌표;
        ``w_tilde`` = :math:`\boldsymbol Q` ``scaled``; ``w_tilde_solve``: 식 (7.10)을 풀어 얻은 값.
    """
    H, w_star = make_problem(eigvals, angle_deg, w_star)
    alpha = check_positive(alpha, "alpha")
    t = math.radians(angle_deg)
    Q = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    lam = np.asarray(eigvals, dtype=float)
    coords = Q.T @ w_star  # rotation Q^T
    factors = shrinkage_factors(lam, alpha)  # scaling
    scaled = factors * coords
    return {
        "eigvals": lam,
        "angle_deg": float(angle_deg),
        "w_star": w_star,
        "alpha": alpha,
        "H": H,
        "Q": Q,
        "coords": coords,
        "factors": factors,
        "scaled": scaled,
        "w_tilde": Q @ scaled,  # rotation back
        "w_tilde_solve": w_tilde_solve(H, w_star, alpha),
    }


def alpha_for_shrinkage(eigval, factor) -> float:
    r"""The alpha at which an eigenvalue's shrinkage factor equals ``factor``.

    Solving :math:`\lambda/(\lambda+\alpha)=d` gives :math:`\alpha=\lambda(1-d)/d`.

    Parameters
    ----------
    eigval : float
        > 0.
    factor : float
        0과 1 사이의 목표 축소 계수.

    Returns
    -------
    float

    Examples
    --------
    >>> alpha_for_shrinkage(0.5, 0.5)
    0.5
    """
    lam = check_positive(eigval, "eigval")
    d = _check_fraction(factor, "factor")
    # lambda / (lambda + alpha) = d  ->  alpha = lambda (1 - d) / d
    return lam * (1.0 - d) / d


def alpha_for_effective_parameters(eigvals, target) -> float:
    r"""The alpha at which the effective number of parameters equals ``target``.

    :math:`\mathrm{df}(\alpha)=\sum_i\lambda_i/(\lambda_i+\alpha)` falls from rank(H) to 0,
    so each target strictly between 0 and rank(H) is reached at exactly one alpha
    (found by bisection on :math:`\log_{10}\alpha`).

    Parameters
    ----------
    eigvals : array_like of shape (p,)
        0 이상.
    target : float
        0 < target < rank(H).

    Returns
    -------
    float
    """
    lam = as_vector(eigvals, "eigvals")
    if np.any(lam < 0):
        raise ValueError(f"eigvals must all be >= 0, got minimum {float(lam.min())!r}")
    target = check_positive(target, "target")
    rank = int(np.count_nonzero(lam > 0))
    if not target < rank:
        raise ValueError(
            f"target must be < rank(H) = {rank} (its value as alpha -> 0), got {target!r}"
        )
    return _solve_decreasing(lambda a: effective_parameters(lam, a), target, "target")


def effective_target_exercise(eigvals=(4.0, 1.0), target=1.0) -> dict:
    r"""The alpha at which two eigen-directions add up to ``target`` effective parameters.

    For two eigenvalues and ``target = 1`` the answer has a closed form: clearing the
    denominators of :math:`\lambda_1/(\lambda_1+\alpha)+\lambda_2/(\lambda_2+\alpha)=1` leaves
    :math:`\alpha^2=\lambda_1\lambda_2`, so :math:`\alpha=\sqrt{\lambda_1\lambda_2}`.

    Parameters
    ----------
    eigvals : pair of float
        :math:`\lambda_1, \lambda_2` (> 0).
    target : float
        0 < target < 2.

    Returns
    -------
    dict
        ``eigvals``, ``target``; ``alpha`` (이분법, :func:`alpha_for_effective_parameters`);
        ``factors``: 그 α에서의 두 축소 계수; ``geometric_mean`` = :math:`\sqrt{\lambda_1\lambda_2}`
        (``target == 1`` 일 때의 닫힌 답).
    """
    lam = as_vector(eigvals, "eigvals", size=2)
    if np.any(lam <= 0):
        raise ValueError(f"eigvals must both be > 0, got {lam.tolist()}")
    alpha = alpha_for_effective_parameters(lam, target)
    return {
        "eigvals": lam,
        "target": float(target),
        "alpha": alpha,
        "factors": shrinkage_factors(lam, alpha),
        "geometric_mean": float(np.sqrt(lam[0] * lam[1])),
    }


def halving_exercise(eigvals=(0.5, 4.0), small=0.1) -> dict:
    r"""Two alphas for the 2-D problem: one halves the q1 component, one brings q2's down to ``small``.

    Parameters
    ----------
    eigvals : pair of float
        :math:`\lambda_1, \lambda_2` (> 0).
    small : float
        둘째 방향의 목표 축소 계수 (0과 1 사이).

    Returns
    -------
    dict
        ``eigvals``, ``small``; ``alpha_half`` (첫 방향의 계수가 1/2인 α) 와 그곳의
        ``factors_half``; ``alpha_small`` (둘째 방향의 계수가 ``small`` 인 α) 와 ``factors_small``.
    """
    lam = as_vector(eigvals, "eigvals", size=2)
    small = _check_fraction(small, "small")
    alpha_half = alpha_for_shrinkage(float(lam[0]), 0.5)
    alpha_small = alpha_for_shrinkage(float(lam[1]), small)
    return {
        "eigvals": lam,
        "small": small,
        "alpha_half": alpha_half,
        "factors_half": shrinkage_factors(lam, alpha_half),
        "alpha_small": alpha_small,
        "factors_small": shrinkage_factors(lam, alpha_small),
    }


# ------------------------------------------------------------------ geometry page


def explorer_readout(eigvals=(0.5, 4.0), angle_deg=20.0, w_star=(2.0, 1.6), alpha=1.0) -> dict:
    r"""What the alpha explorer on the geometry page shows for these settings.

    The same numbers the browser computes (``docs/javascripts/explorer.js``), here from
    ridgedoc: :math:`\tilde{\boldsymbol w}` by the linear solve (7.10) (its limit when
    alpha = 0), the eigen coordinates and the readouts beside the figure.

    Parameters
    ----------
    eigvals : pair of float
        탐색기의 고윳값 칸 :math:`\lambda_1, \lambda_2` (0 이상).
    angle_deg : float
        회전각 θ 칸 (도).
    w_star : pair of float
        :math:`w^\ast_1, w^\ast_2` 칸.
    alpha : float
        α 칸 (0 이상).

    Returns
    -------
    dict
        ``eigvals``, ``angle_deg``, ``w_star``, ``alpha``, ``H``; ``w_tilde``; ``factors``;
        ``coords`` = :math:`\boldsymbol q_i^\top\boldsymbol w^\ast`; ``scaled`` = :math:`\boldsymbol q_i^\top\tilde{\boldsymbol w}`;
        ``norm``, ``norm_w_star``; ``J_hat`` = :math:`\hat J(\tilde{\boldsymbol w})` (:math:`\hat J(\boldsymbol w^\ast)=0`);
        ``effective``; ``rank``.
    """
    H, w_star = make_problem(eigvals, angle_deg, w_star)
    alpha = check_alpha(alpha)
    lam = np.asarray(eigvals, dtype=float)
    t = math.radians(angle_deg)
    Q = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    w_tilde = w_tilde_solve(H, w_star, alpha)
    return {
        "eigvals": lam,
        "angle_deg": float(angle_deg),
        "w_star": w_star,
        "alpha": alpha,
        "H": H,
        "w_tilde": w_tilde,
        "factors": shrinkage_factors(lam, alpha),
        "coords": Q.T @ w_star,
        "scaled": Q.T @ w_tilde,
        "norm": float(np.linalg.norm(w_tilde)),
        "norm_w_star": float(np.linalg.norm(w_star)),
        "J_hat": objective(w_tilde, H, w_star),
        "effective": effective_parameters(lam, alpha),
        "rank": int(np.count_nonzero(lam > 0)),
    }


def alpha_for_norm_fraction(H, w_star, fraction) -> float:
    r"""The alpha at which :math:`\|\tilde{\boldsymbol w}(\alpha)\|_2` is ``fraction`` times :math:`\|\boldsymbol w^\ast\|_2`.

    In eigen coordinates :math:`\|\tilde{\boldsymbol w}\|_2^2=\sum_i(\lambda_i/(\lambda_i+\alpha))^2(\boldsymbol q_i^\top\boldsymbol w^\ast)^2`,
    each term falling with alpha, so the length falls from :math:`\|\boldsymbol P\boldsymbol w^\ast\|_2`
    to 0 and every smaller target is met at one alpha (bisection on :math:`\log_{10}\alpha`).

    Parameters
    ----------
    H : array_like of shape (p, p)
    w_star : array_like of shape (p,)
        0이 아닌 벡터.
    fraction : float
        0과 1 사이; ``fraction * |w_star|`` 가 :math:`\|\boldsymbol P\boldsymbol w^\ast\|_2` 보다 작아야 합니다.

    Returns
    -------
    float
    """
    H, w_star = _problem(H, w_star)
    fraction = _check_fraction(fraction, "fraction")
    norm = float(np.linalg.norm(w_star))
    if norm == 0.0:
        raise ValueError("w_star must not be the zero vector (its length is the reference)")
    return _solve_decreasing(
        lambda a: float(np.linalg.norm(regularization_path(H, w_star, [a])[0])) / norm,
        fraction,
        "fraction",
    )


def _angle_deg(v) -> float:
    return math.degrees(math.atan2(float(v[1]), float(v[0])))


def large_alpha_exercise(
    eigvals=(0.5, 4.0), angle_deg=20.0, w_star=(2.0, 1.6), alphas=(10.0, 100.0, 1000.0)
) -> dict:
    r"""The direction from which :math:`\tilde{\boldsymbol w}(\alpha)` reaches the origin as alpha grows.

    For large alpha, (7.9) gives :math:`\tilde{\boldsymbol w}\approx\boldsymbol H\boldsymbol w^\ast/\alpha`, so
    :math:`\alpha\tilde{\boldsymbol w}\to\boldsymbol H\boldsymbol w^\ast` and the path enters the origin
    along :math:`\boldsymbol H\boldsymbol w^\ast`.

    Parameters
    ----------
    eigvals, angle_deg, w_star
        2차원 문제 (:func:`ridgedoc.make_problem` 과 같은 뜻).
    alphas : array_like of shape (k,)
        > 0 인 값들.

    Returns
    -------
    dict
        ``H``, ``w_star``, ``alphas``; ``Hw_star``; ``w_tildes`` (k, 2); ``scaled`` = α마다 :math:`\alpha\tilde{\boldsymbol w}`;
        ``angle_w_star``, ``angle_Hw_star``: :math:`w_1` 축에서 잰 각 (도); ``angles``: α마다 :math:`\tilde{\boldsymbol w}` 의 각.
    """
    H, w_star = make_problem(eigvals, angle_deg, w_star)
    alphas = check_alphas(alphas)
    if np.any(alphas <= 0):
        raise ValueError(f"alphas must all be > 0, got minimum {float(alphas.min())!r}")
    w_tildes = np.array([w_tilde_solve(H, w_star, float(a)) for a in alphas])
    return {
        "H": H,
        "w_star": w_star,
        "alphas": alphas,
        "Hw_star": H @ w_star,
        "w_tildes": w_tildes,
        "scaled": alphas[:, None] * w_tildes,
        "angle_w_star": _angle_deg(w_star),
        "angle_Hw_star": _angle_deg(H @ w_star),
        "angles": np.array([_angle_deg(w) for w in w_tildes]),
    }


# ------------------------------------------------------------------ the notebook page (Longley)

_INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)

#: The alpha grid of section 6 of the notebook (``np.logspace(-4, 4, 81)``).
LONGLEY_ALPHAS = tuple(np.logspace(-4, 4, 81))


def _html_paragraph(text: str) -> str:
    r"""Escape ``text`` for HTML and wrap each ``\(...\)`` in the span the site renders as math."""
    out, pos = [], 0
    for match in _INLINE_MATH.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        out.append(rf'<span class="arithmatex">\({html.escape(match.group(1), quote=False)}\)</span>')
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def details_html(text, summary: str = "풀이 보기") -> str:
    r"""A folded answer for the notebook: ``<details class="note">`` with a summary and paragraphs.

    Parameters
    ----------
    text : str
        풀이. 빈 줄로 문단을 나누고, 문단 안의 줄바꿈은 띄어쓰기가 됩니다. ``- `` 로 시작하는 문단은
        목록이 되고, 들여 쓴 줄은 앞 항목에 이어집니다.
        ``\(...\)`` 는 수식으로 조판되고, 나머지 글자는 HTML로 이스케이프됩니다.
    summary : str
        접힌 상자의 제목.

    Returns
    -------
    str
        ``<details class="note"><summary>...</summary><p>...</p>...</details>``: Material이
        ``??? note`` 상자와 같은 모양으로 그립니다.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    if not isinstance(summary, str) or not summary.strip():
        raise ValueError(f"summary must be a non-empty string, got {summary!r}")
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if lines[0].startswith("- ") and all(line.startswith(("- ", " ")) for line in lines):
            items: list[list[str]] = []
            for line in lines:
                if line.startswith("- "):
                    items.append([line[2:].strip()])
                else:
                    items[-1].append(line.strip())
            parts.append("<ul>" + "".join(f"<li>{_html_paragraph(' '.join(i))}</li>" for i in items) + "</ul>")
        else:
            parts.append(f"<p>{_html_paragraph(' '.join(line.strip() for line in lines))}</p>")
    return f'<details class="note"><summary>{html.escape(summary)}</summary>{"".join(parts)}</details>'


def _longley_effective_parameters_answer(d: dict) -> str:
    """The folded answer of :func:`longley_effective_parameters_exercise` (text for :func:`details_html`)."""
    lam = ", ".join(fmt_sig(v, 3) for v in d["eigvals"])
    factors = ", ".join(fmt(v, 3) for v in d["factors"])
    return rf"""
\(\boldsymbol X^\top\boldsymbol X\)의 고윳값은 특잇값의 제곱 \(\lambda_i=\sigma_i^2\)입니다.
큰 것부터 \({lam}\)입니다.

\(\alpha={fmt(d["alpha"])}\)에서 축소 계수 \(\lambda_i/(\lambda_i+\alpha)\)는 차례로 \({factors}\)입니다.

이것을 더한 값이 유효 파라미터 수입니다. 계수는 {d["n"]}개이지만, 모델이 실제로 쓰는 방향의 수는
{fmt(d["effective"], 2)}개에 해당합니다. 축소 계수가 \(1/2\)보다 작은 방향은 고윳값이 \(\alpha\)보다 작은
{d["below_half"]}개입니다. 입력끼리 겹치는 방향이 먼저 눌립니다.
"""


def _longley_condition_answer(d: dict) -> str:
    """The folded answer of :func:`longley_condition_exercise` (text for :func:`details_html`)."""
    return rf"""
\(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I\)의 고윳값은 \(\sigma_i^2+\alpha\)이므로, 조건수는
\((\sigma_1^2+\alpha)/(\sigma_n^2+\alpha)\)입니다. 이 값은 \(\alpha\)가 커질수록 줄어듭니다.
\(\sigma_1/\sigma_n\)과 같다고 놓고 풀면 \(\alpha=\sigma_1\sigma_n\)이 나옵니다.

- \(\sigma_1={fmt(d["sigma_max"], 3)}\), \(\sigma_n={fmt(d["sigma_min"], 4)}\)이므로 경계는
  \(\alpha=\sigma_1\sigma_n={fmt(d["alpha_match"], 3)}\)입니다. 이때 조건수는 \({fmt(d["cond_at_match"], 1)}\)로
  \(\boldsymbol X\)의 조건수와 같습니다.
- \(\boldsymbol X^\top\boldsymbol X\)의 조건수는 \({fmt(d["cond_gram"], 0)}\), \(\boldsymbol X\)의 조건수는
  \({fmt(d["cond_X"], 1)}\)입니다.
- \(\alpha={fmt(d["alpha"])}\)이면 조건수가 \({fmt(d["cond_ridge"], 1)}\)입니다. 이미 \(\boldsymbol X\)의 조건수보다 작습니다.

그러니 \(\alpha\)가 \({fmt(d["alpha_match"], 3)}\) 이상이면, 정규 방정식을 그대로 풀어도 조건수가
\(\boldsymbol X\) 자신보다 나쁘지 않습니다.
"""


def _longley_loo_answer(d: dict) -> str:
    """The folded answer of :func:`longley_loo_exercise` (text for :func:`details_html`)."""
    return rf"""
6절에서 고른 값은 \(\alpha={fmt_sig(d["alpha"], 3)}\)입니다. 6절처럼 절편도 다시 맞추므로 지렛값은 \(h_i=1/m+S_{{ii}}\)입니다.
이 \(\alpha\)에서 \(h_i\)가 가장 큰 해는 {d["year"]}년이고, \(h_i={fmt(d["h"], 3)}\)입니다.
\(1/m\)은 모든 해에 같으니, \(S_{{ii}}\)가 가장 큰 해도 같은 해입니다.

6절의 식대로 그 해를 뺐을 때의 잔차는 \(e_i/(1-h_i)\)이므로, 잔차는 \(1/(1-h_i)={fmt(d["inflation"], 2)}\)배가 됩니다.

- 전체로 맞춘 잔차: \(e_i={fmt(d["residual"], 1)}\)
- 닫힌 식: \(e_i/(1-h_i)={fmt(d["loo_residual"], 1)}\)
- 그 해를 빼고 {d["m"] - 1}년으로 절편과 계수를 다시 맞춘 모델의 잔차: \({fmt(d["refit_residual"], 1)}\)

마지막 두 값이 같습니다. 참고로 \(S_{{ii}}\) {d["m"]}개의 합은 \(\operatorname{{tr}}(\boldsymbol S_\alpha)={fmt(d["trace"], 2)}\)로,
이 \(\alpha\)의 유효 파라미터 수입니다. \(h_i\)의 합은 여기에 절편 하나의 몫 1이 더해집니다.
{d["year"]}년은 데이터의 마지막 해라서 연도, GNP, 인구가 모두 가장 큽니다.
입력이 다른 해들의 범위 끝에 있으니, 모델이 이 해의 타깃에 가장 많이 기댑니다.
"""


def _longley_convention_answer(d: dict) -> str:
    """The folded answer of :func:`longley_convention_exercise` (text for :func:`details_html`)."""
    return rf"""
(7.15)에 \(\alpha'\)을 넣어 풀면 해는
\((\boldsymbol X^\top\boldsymbol X+\tfrac{{\alpha'}}{{2}}\boldsymbol I)^{{-1}}\boldsymbol X^\top\boldsymbol y\)입니다.
\(\alpha'/2=\alpha\)가 되어야 하니 \(\alpha'=2\alpha={fmt(d["alpha_715"])}\)입니다.

- \(\alpha'={fmt(d["alpha_715"])}\): (7.17)의 해에서 (7.15)의 기울기를 재면 \(\|2\boldsymbol X^\top\boldsymbol y\|\)의
  \({fmt_sig(d["grad_double"], 2)}\)배입니다. 반올림 오차 수준이니 이 해가 (7.15)의 최소점입니다.
- \(\alpha'={fmt(d["alpha"])}\): 같은 곳의 기울기가 \({fmt_sig(d["grad_same"], 2)}\)배로 0이 아닙니다.
  (7.15)를 이 값으로 풀면 계수가 (7.17)의 해와 최대 {fmt(100 * d["diff_same"], 1)}% 달라집니다(가장 큰 계수에 대한 비율).

차이는 작은 고윳값 방향에서 생깁니다. 가장 작은 고윳값 \(\lambda_n={fmt_sig(d["eig_min"], 3)}\)의 방향에서 축소 계수는
(7.17)이 \({fmt_sig(d["factor_717"], 3)}\), 같은 \(\alpha\)의 (7.15)가 \({fmt_sig(d["factor_715"], 3)}\)로
{fmt(d["factor_ratio"], 2)}배입니다. \(\lambda_n\)이 \(\alpha\)보다 훨씬 작으면 축소 계수가 \(\lambda_n/\alpha\)에 가까워집니다.
그래서 \(\alpha\)를 절반으로 줄이면 축소 계수가 거의 두 배가 됩니다.
"""


def _longley_standardized():
    """Longley as the notebook uses it: standardized inputs Z, centered target y, the data."""
    data = load_longley()
    Z, _, _ = standardize(data.X)
    return Z, data.y - data.y.mean(), data


def longley_effective_parameters_exercise(alpha=1.0) -> dict:
    r"""Effective number of parameters of ridge on the standardized Longley inputs, from the SVD.

    Parameters
    ----------
    alpha : float
        > 0.

    Returns
    -------
    dict
        ``alpha``; ``sigma`` (특잇값, 큰 것부터); ``eigvals`` = ``sigma**2`` (:math:`\boldsymbol X^\top\boldsymbol X` 의 고윳값);
        ``factors`` = :math:`\lambda_i/(\lambda_i+\alpha)`; ``effective`` = 그 합;
        ``n`` = 입력의 수; ``below_half`` = 축소 계수가 1/2보다 작은 방향의 수;
        ``from_ridgedoc`` = :func:`ridgedoc.ridge_effective_parameters` 의 값 (같아야 함).
    """
    alpha = check_positive(alpha, "alpha")
    Z, _, _ = _longley_standardized()
    sigma = np.linalg.svd(Z, compute_uv=False)
    eigvals = sigma**2
    factors = eigvals / (eigvals + alpha)
    out = {
        "alpha": alpha,
        "sigma": sigma,
        "eigvals": eigvals,
        "factors": factors,
        "effective": float(factors.sum()),
        "n": int(Z.shape[1]),
        "below_half": int(np.count_nonzero(factors < 0.5)),
        "from_ridgedoc": float(ridge_effective_parameters(Z, [alpha])[0]),
    }
    out["answer"] = _longley_effective_parameters_answer(out)
    return out


def longley_condition_exercise(alpha=1.0) -> dict:
    r"""Condition numbers of X, XᵀX and XᵀX + αI on the standardized Longley inputs.

    :math:`\operatorname{cond}(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I)=(\sigma_1^2+\alpha)/(\sigma_n^2+\alpha)`
    falls as alpha grows and equals :math:`\operatorname{cond}(\boldsymbol X)=\sigma_1/\sigma_n` exactly at
    :math:`\alpha=\sigma_1\sigma_n`.

    Parameters
    ----------
    alpha : float
        0 이상.

    Returns
    -------
    dict
        ``alpha``; ``sigma_max``, ``sigma_min``; ``cond_X`` = :math:`\sigma_1/\sigma_n`;
        ``cond_gram`` = ``cond_X**2``; ``cond_ridge`` = 그 alpha에서의 조건수;
        ``alpha_match`` = :math:`\sigma_1\sigma_n` (조건수가 ``cond_X`` 와 같아지는 alpha);
        ``cond_at_match``: 그 alpha에서의 조건수 (``cond_X`` 와 같아야 함).
    """
    alpha = check_alpha(alpha)
    Z, _, _ = _longley_standardized()
    sigma = np.linalg.svd(Z, compute_uv=False)
    s1, sn = float(sigma[0]), float(sigma[-1])

    def cond(a: float) -> float:
        return (s1**2 + a) / (sn**2 + a)

    out = {
        "alpha": alpha,
        "sigma_max": s1,
        "sigma_min": sn,
        "cond_X": s1 / sn,
        "cond_gram": (s1 / sn) ** 2,
        "cond_ridge": cond(alpha),
        "alpha_match": s1 * sn,
        "cond_at_match": cond(s1 * sn),
    }
    out["answer"] = _longley_condition_answer(out)
    return out


def longley_loo_exercise(alphas=LONGLEY_ALPHAS) -> dict:
    r"""The LOO choice of alpha on Longley, and the year the hat matrix leans on most.

    At the chosen alpha, the year with the largest diagonal :math:`S_{ii}` of the hat matrix
    :math:`\boldsymbol S_\alpha=\boldsymbol X(\boldsymbol X^\top\boldsymbol X+\alpha\boldsymbol I)^{-1}\boldsymbol X^\top`
    is the one whose residual grows most, by :math:`1/(1-S_{ii})`, when it is left out.

    Parameters
    ----------
    alphas : array_like of shape (k,)
        0 이상의 후보들. 기본값은 노트북 6절의 격자.

    Returns
    -------
    dict
        ``alphas``, ``loo`` (후보마다의 LOO 평균 제곱 오차); ``alpha`` (LOO가 고른 값);
        ``leverage`` (그 alpha에서 :math:`h_i=1/m+S_{ii}`, 해마다; 절편도 다시 맞추는 몫 1/m 포함);
        ``year``, ``index``: :math:`h_i` 가 가장 큰 해; ``h`` = 그 해의 :math:`h_i`;
        ``inflation`` = :math:`1/(1-h_i)`; ``residual`` = 전체로 맞춘 잔차 :math:`e_i`;
        ``loo_residual`` = :math:`e_i/(1-h_i)`; ``refit_residual`` = 그 해를 빼고 절편과 계수를 다시 맞춘
        모델의 잔차 (``loo_residual`` 과 같아야 함); ``trace`` = :math:`\operatorname{tr}(\boldsymbol S_\alpha)=\sum_i S_{ii}`;
        ``m`` = 관측치 수.
    """
    alphas = check_alphas(alphas)
    Z, y, data = _longley_standardized()
    m = len(y)
    loo = loo_errors(Z, y, alphas, fit_intercept=True)
    alpha = float(alphas[int(np.argmin(loo))])
    U, s, _ = np.linalg.svd(Z, full_matrices=False)
    f = s**2 / (s**2 + alpha)
    leverage = 1.0 / m + (U**2) @ f  # h_i = 1/m + S_ii: the intercept is refitted too
    i = int(np.argmax(leverage))
    residual = float(y[i] - Z[i] @ ridge(Z, y, alpha))
    keep = np.arange(m) != i
    z_bar, y_bar = Z[keep].mean(axis=0), data.y[keep].mean()  # intercept of the other m - 1 rows
    refit = float(data.y[i] - y_bar - (Z[i] - z_bar) @ ridge(Z[keep] - z_bar, data.y[keep] - y_bar, alpha))
    years = data.X[:, data.feature_names.index("YEAR")]
    out = {
        "alphas": alphas,
        "loo": loo,
        "alpha": alpha,
        "leverage": leverage,
        "index": i,
        "year": int(round(float(years[i]))),
        "h": float(leverage[i]),
        "inflation": float(1.0 / (1.0 - leverage[i])),
        "residual": residual,
        "loo_residual": residual / (1.0 - float(leverage[i])),
        "refit_residual": refit,
        "trace": float(leverage.sum() - 1.0),
        "m": int(m),
    }
    out["answer"] = _longley_loo_answer(out)
    return out


def longley_convention_exercise(alpha=1.0) -> dict:
    r"""Which alpha in the book's (7.15), as printed, gives the (7.17) solution with a given alpha.

    Minimizing (7.15) with strength :math:`\alpha'` gives
    :math:`(\boldsymbol X^\top\boldsymbol X+\tfrac{\alpha'}{2}\boldsymbol I)^{-1}\boldsymbol X^\top\boldsymbol y`,
    so :math:`\alpha'=2\alpha` reproduces (7.17).

    Parameters
    ----------
    alpha : float
        > 0, 식 (7.17)의 정칙화 강도.

    Returns
    -------
    dict
        ``alpha``; ``alpha_715`` = 2 alpha; ``w_717`` (식 (7.17)); ``w_715_same`` (식 (7.15)에 같은 alpha);
        ``grad_double``: 식 (7.15)에 2 alpha를 넣은 목적함수의 기울기를 ``w_717`` 에서 잰 크기,
        :math:`\|2\boldsymbol X^\top\boldsymbol y\|` 로 나눈 값 (0이어야 함); ``grad_same``: 같은 alpha일 때의 값;
        ``diff_same``: ``w_715_same`` 과 ``w_717`` 의 최대 차이를 ``max |w_717|`` 로 나눈 값;
        ``eig_min``: :math:`\boldsymbol X^\top\boldsymbol X` 의 가장 작은 고윳값; ``factor_717``, ``factor_715``:
        그 방향의 축소 계수 (식 (7.17), 같은 alpha의 식 (7.15)); ``factor_ratio`` = ``factor_715 / factor_717``.
    """
    alpha = check_positive(alpha, "alpha")
    Z, y, _ = _longley_standardized()
    w_717 = ridge(Z, y, alpha)
    w_same = ridge(Z, y, penalty_for_book_715(alpha))
    ref = float(np.linalg.norm(2.0 * Z.T @ y))

    def grad_715(w: np.ndarray, a: float) -> float:
        """Size of the gradient of (7.15) as printed, with strength a, relative to |2 X^T y|."""
        return float(np.linalg.norm(2.0 * Z.T @ (Z @ w - y) + a * w)) / ref

    lam = float(np.linalg.svd(Z, compute_uv=False)[-1] ** 2)
    factor_717, factor_715 = lam / (lam + alpha), lam / (lam + alpha / 2.0)
    out = {
        "alpha": alpha,
        "alpha_715": 2.0 * alpha,
        "w_717": w_717,
        "w_715_same": w_same,
        "grad_double": grad_715(w_717, 2.0 * alpha),
        "grad_same": grad_715(w_717, alpha),
        "diff_same": float(np.abs(w_same - w_717).max() / np.abs(w_717).max()),
        "eig_min": lam,
        "factor_717": factor_717,
        "factor_715": factor_715,
        "factor_ratio": factor_715 / factor_717,
    }
    out["answer"] = _longley_convention_answer(out)
    return out

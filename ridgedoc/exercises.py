r"""Data and answers of the exercises (연습 문제) on the chapter pages (numpy only).

Each ``*_exercise`` function takes the data of one exercise (its defaults are the
values the page uses), computes the answer with ridgedoc's own functions and returns
a ``dict`` holding both, so a page prints the question and the folded answer from the
same numbers, and ``tests/test_exercises.py`` checks every answer against an
independent computation. ``fmt``, ``fmt_vector`` and ``tex_matrix`` turn numbers into
the short text the pages print.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import (
    as_matrix,
    as_vector,
    check_alpha,
    check_alphas,
    check_count,
    check_positive,
    check_symmetric_psd,
)
from .examples import make_problem
from .quadratic import (
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
        데이터 쪽 기울기 :math:`\nabla_{\boldsymbol w}J`.
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
        ``b`` = :math:`\boldsymbol H\boldsymbol w^\ast`; ``det`` = :math:`\det(\boldsymbol H+\alpha\boldsymbol I)`; ``w_tilde``; ``residual_78``: 식 (7.8)의 좌변
        :math:`\alpha\tilde{\boldsymbol w}+\boldsymbol H(\tilde{\boldsymbol w}-\boldsymbol w^\ast)` (0이어야 함).
    """
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
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
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
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
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
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
    H = check_symmetric_psd(H, "H")
    w_star = as_vector(w_star, "w_star", size=H.shape[0])
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

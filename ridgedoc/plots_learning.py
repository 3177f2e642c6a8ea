"""Figures of the generalization and optimizer pages: each draws on the ``Axes`` it is given.

Same conventions as :mod:`ridgedoc.plots`: Korean labels, no Hangul inside ``$...$``,
nothing saved or shown here.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_vector, check_alphas
from .plots import C_AXIS, C_J, C_PEN, W_STAR, W_TILDE, _check_2d, _grid, _legend_below

__all__ = ["plot_error_paths", "plot_split_spread", "plot_paired_errors", "plot_optimizer_paths"]

C_TRAIN = "#555555"
C_LOO = "#009E73"
OPTIMIZER_STYLE = {
    "sgd_l2": ("SGD + L2", "#555555", "-", "o"),
    "sgd_decay": ("SGD + 감쇠", "#E69F00", ":", None),
    "adam_l2": ("Adam + L2", C_J, "-", "o"),
    "adamw": ("AdamW", C_PEN, "-", "o"),
}


def _rows(values, name, k):
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != k:
        raise ValueError(f"{name} must have shape (n_splits, {k}), got {arr.shape}")
    return arr


def plot_error_paths(ax, alphas, train, test, loo=None, *, best_alpha=None, test_at_zero=None):
    """Training, held-out (and LOO) mean squared error against alpha on log axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    alphas : array_like of shape (k,)
        양수 (로그 축).
    train, test : array_like of shape (k,)
        훈련 오차와 떼어 둔 데이터의 오차.
    loo : array_like of shape (k,), optional
        훈련 데이터만으로 잰 LOO 오차.
    best_alpha : float, optional
        표시할 alpha (LOO로 고른 값).
    test_at_zero : float, optional
        alpha = 0에서의 떼어 둔 오차 (가로 점선).

    Returns
    -------
    matplotlib.axes.Axes
    """
    alphas = check_alphas(alphas)
    train = as_vector(train, "train", size=alphas.size, match="alphas")
    test = as_vector(test, "test", size=alphas.size, match="alphas")
    ax.loglog(alphas, train, color=C_TRAIN, label="훈련 오차")
    ax.loglog(alphas, test, color=C_PEN, lw=2, label="떼어 둔 데이터의 오차")
    if loo is not None:
        loo = as_vector(loo, "loo", size=alphas.size, match="alphas")
        ax.loglog(alphas, loo, color=C_LOO, ls="--", label="LOO 오차 (훈련 데이터만)")
    if test_at_zero is not None:
        ax.axhline(float(test_at_zero), color=C_PEN, ls=":", lw=1, label="α = 0의 떼어 둔 오차")
    if best_alpha is not None:
        i = int(np.argmin(np.abs(alphas - best_alpha)))
        ax.axvline(alphas[i], color=C_LOO, lw=0.8)
        ax.plot(alphas[i], test[i], "o", color=C_PEN)
        ax.annotate(f"LOO가 고른 α = {alphas[i]:.3g}", (alphas[i], test[i]), textcoords="offset points",
                    xytext=(-8, 12), ha="right", color=C_LOO, fontsize=10)
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("평균 제곱 오차 (로그 축)")
    _legend_below(ax, ncols=2)
    return ax


def plot_split_spread(ax, alphas, train, test, *, lower=10, upper=90):
    """Median and a percentile band over many splits, for the training and held-out error.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    alphas : array_like of shape (k,)
    train, test : array_like of shape (n_splits, k)
    lower, upper : float, default=10, 90
        띠의 아래와 위 백분위수.

    Returns
    -------
    matplotlib.axes.Axes
    """
    alphas = check_alphas(alphas)
    train = _rows(train, "train", alphas.size)
    test = _rows(test, "test", alphas.size)
    if not 0 <= lower < upper <= 100:
        raise ValueError(f"lower and upper must satisfy 0 <= lower < upper <= 100, got {lower!r}, {upper!r}")
    for arr, color, label in ((train, C_TRAIN, "훈련 오차"), (test, C_PEN, "떼어 둔 데이터의 오차")):
        lo, mid, hi = np.percentile(arr, [lower, 50, upper], axis=0)
        ax.fill_between(alphas, lo, hi, color=color, alpha=0.22, lw=0)
        ax.plot(alphas, mid, color=color, lw=2, label=f"{label}: 중앙값")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("평균 제곱 오차 (로그 축)")
    ax.text(0.02, 0.04, f"띠: 나누기 {train.shape[0]}번의 {lower:g}–{upper:g} 백분위", transform=ax.transAxes,
            fontsize=9, color=C_AXIS)
    _legend_below(ax, ncols=1)
    return ax


def plot_paired_errors(ax, test_at_zero, test_at_loo):
    """One point per split: held-out error at alpha = 0 against the one at the LOO alpha.

    Points below the diagonal are splits where the alpha chosen by LOO did better.

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = as_vector(test_at_zero, "test_at_zero")
    y = as_vector(test_at_loo, "test_at_loo", size=x.size, match="test_at_zero")
    lo = min(x.min(), y.min()) / 1.2
    hi = max(x.max(), y.max()) * 1.2
    ax.plot([lo, hi], [lo, hi], color=C_AXIS, lw=0.8, ls="--", label="두 오차가 같은 선")
    ax.plot(x, y, "o", ms=4, mfc="none", mec=C_PEN, label="나누기 하나")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    from matplotlib.ticker import FixedLocator, NullFormatter, StrMethodFormatter

    ticks = [t for t in (1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000) if lo <= t <= hi]
    for axis in (ax.xaxis, ax.yaxis):  # a few plain labels instead of crowded 10^k minor labels
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("α = 0의 떼어 둔 오차")
    ax.set_ylabel("LOO로 고른 α의 떼어 둔 오차")
    _legend_below(ax, ncols=1)
    return ax


def plot_optimizer_paths(ax, H, w_star, paths, *, alpha, linf_radius=None):
    """Paths of several optimizers on the contours of the 2-D quadratic J.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    H : array_like of shape (2, 2)
    w_star : array_like of shape (2,)
    paths : dict
        방법 이름(``"sgd_l2"``, ``"sgd_decay"``, ``"adam_l2"``, ``"adamw"``) → 경로
        (shape (n, 2)).
    alpha : float
        식 (7.10)의 점을 표시할 alpha.
    linf_radius : float, optional
        주면 상자 :math:`\\|\\boldsymbol w\\|_\\infty\\le r` 를 점선으로, 그 안의 최소점
        (:func:`ridgedoc.linf_constrained_minimizer`)을 ×로 그립니다. AdamW의 긴 실행이 가는 곳입니다.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from . import quadratic as q

    H, w_star = _check_2d(H, w_star)
    if not isinstance(paths, dict) or not paths:
        raise TypeError(f"paths must be a non-empty dict of method name -> path, got {type(paths).__name__}")
    arrays = {}
    for name, path in paths.items():
        if name not in OPTIMIZER_STYLE:
            raise ValueError(f"paths has an unknown method {name!r}; expected one of {tuple(OPTIMIZER_STYLE)}")
        arr = np.asarray(path, dtype=float)
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError(f"paths[{name!r}] must have shape (n, 2), got {arr.shape}")
        arrays[name] = arr
    wt = q.w_tilde_solve(H, w_star, alpha)
    extra = [w_star, wt, [0.0, 0.0]]
    if linf_radius is not None:
        from .optim import linf_constrained_minimizer

        w_box = linf_constrained_minimizer(H, w_star, linf_radius)
        r = float(linf_radius)
        extra += [[-r, -r], [r, r]]
    pts = np.vstack([*arrays.values(), extra])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.12 * float(np.max(hi - lo))
    lim = (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
    X, Y, Z = _grid(H, w_star, lim)
    ax.contour(X, Y, Z, levels=8, colors=C_J, linewidths=0.6, alpha=0.45)
    for name, arr in arrays.items():
        label, color, ls, marker = OPTIMIZER_STYLE[name]
        every = max(1, arr.shape[0] // 25)
        ax.plot(arr[:, 0], arr[:, 1], ls=ls, color=color, lw=1.6 if ls == "-" else 2.4, marker=marker,
                ms=2.5, markevery=every, label=label)
        ax.plot(*arr[-1], "D", color=color, ms=5)
    ax.plot(*arr[0], "s", color="black", ms=6, label="시작점")
    ax.plot(*w_star, "*", color="black", ms=13, label=W_STAR)
    ax.plot(*wt, "o", mfc="white", mec="black", mew=1.5, ms=10, label=W_TILDE + " (7.10)")
    ax.plot(0, 0, "+", color=C_AXIS, ms=10)
    if linf_radius is not None:
        ax.plot([-r, r, r, -r, -r], [-r, -r, r, r, -r], ls="--", color=C_AXIS, lw=1.0,
                label=r"$\Vert w\Vert_\infty = 1/\alpha$")
        ax.plot(*w_box, "x", color="black", ms=9, mew=2, label="상자 안의 최소점")
    ax.set_aspect("equal")
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_xlabel(r"$w_1$")
    ax.set_ylabel(r"$w_2$")
    _legend_below(ax, ncols=2)
    return ax

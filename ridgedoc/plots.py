"""One function per figure: each draws on the ``Axes`` it is given and returns it.

Labels are Korean; math labels use matplotlib's mathtext (``\\mathbf`` stands in for
``\\boldsymbol``). Nothing here saves or shows a figure: see :mod:`ridgedoc.figures`.
"""

from __future__ import annotations

import numpy as np

from . import quadratic as q
from ._validation import as_vector, check_alphas, check_symmetric_psd

__all__ = [
    "plot_gd_paths",
    "plot_taylor",
    "plot_geometry",
    "plot_shrinkage",
    "plot_effective_parameters",
    "plot_rotation_scaling",
    "plot_ridge_trace",
    "plot_loo",
]

W_STAR = r"$\mathbf{w}^*$"
W_TILDE = r"$\tilde{\mathbf{w}}$"
C_J = "#0072B2"  # contours of J
C_PEN = "#D55E00"  # penalty circles, regularized quantities
C_AXIS = "#777777"


def _grid(H, w_star, lim, n=201):
    xs = np.linspace(lim[0], lim[1], n)
    ys = np.linspace(lim[2], lim[3], n)
    X, Y = np.meshgrid(xs, ys)
    D = np.stack([X - w_star[0], Y - w_star[1]], axis=-1)
    Z = 0.5 * np.einsum("...i,ij,...j->...", D, H, D)  # (7.6) with J(w*) = 0
    return X, Y, Z


def _check_2d(H, w_star):
    H = check_symmetric_psd(H, "H")
    if H.shape != (2, 2):
        raise ValueError(f"H must be 2 x 2 for a plane figure, got shape {H.shape}")
    return H, as_vector(w_star, "w_star", size=2)


def _oriented(Q):
    """Flip eigenvector signs so each column's largest entry is positive (display only)."""
    Q = np.array(Q, dtype=float)
    idx = np.argmax(np.abs(Q), axis=0)
    return Q * np.sign(Q[idx, np.arange(Q.shape[1])])


def _ray_to_box(p, v, lim):
    """Largest t >= 0 with p + t v inside the box ``lim = (x0, x1, y0, y1)``."""
    ts = []
    for k, (lo, hi) in enumerate(((lim[0], lim[1]), (lim[2], lim[3]))):
        if abs(v[k]) > 1e-12:
            ts.append(max((lo - p[k]) / v[k], (hi - p[k]) / v[k]))
    return max(min(ts), 0.0) if ts else 0.0


def _legend_below(ax, ncols=2):
    """A legend under the axes, so it never hides the plot on a narrow screen."""
    return ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=ncols,
                     framealpha=0.0, borderaxespad=0.0, handlelength=1.8, columnspacing=1.2)


def _limits(points, pad=0.35):
    pts = np.asarray(points)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float(np.max(hi - lo)), 1.0)
    c = (lo + hi) / 2
    half = span / 2 + pad * span
    return (c[0] - half, c[0] + half, c[1] - half, c[1] + half)


def _finish_plane(ax, lim, legend, *, inside_loc):
    """Equal axes on the (w1, w2) plane, limits ``lim``, and the legend where asked."""
    ax.set_aspect("equal")
    ax.set_xlim(lim[0], lim[1])
    ax.set_ylim(lim[2], lim[3])
    ax.set_xlabel(r"$w_1$")
    ax.set_ylabel(r"$w_2$")
    if legend == "below":
        _legend_below(ax, ncols=2)
    elif legend == "inside":
        ax.legend(loc=inside_loc, framealpha=0.92)
    return ax


def plot_gd_paths(ax, H, w_star, w0, *, lr, num_steps, alpha, legend="below"):
    """Gradient-descent paths with and without weight decay on a 2-D quadratic (figure 1).

    Both paths start at ``w0``; plain descent ends near ``w_star``, descent with weight
    decay (7.5) ends near ``w_tilde`` of (7.10).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    H : array_like of shape (2, 2)
        헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (2,)
        정칙화하지 않은 최소점.
    w0 : array_like of shape (2,)
        두 경로의 공통 시작점.
    lr : float
        학습률 epsilon.
    num_steps : int
        반복 횟수.
    alpha : float
        가중치 감쇠 경로의 정칙화 강도.
    legend : {"below", "inside", None}, default="below"
        범례 위치. ``"below"`` 는 좁은 화면에서도 그림을 가리지 않습니다.

    Returns
    -------
    matplotlib.axes.Axes
    """
    H, w_star = _check_2d(H, w_star)
    plain = q.gradient_descent(H, w_star, w0, lr, num_steps, alpha=0.0)
    decay = q.gradient_descent(H, w_star, w0, lr, num_steps, alpha=alpha)
    wt = q.w_tilde_solve(H, w_star, alpha)
    lim = _limits(np.vstack([plain, decay, [[0, 0]]]), pad=0.15)
    X, Y, Z = _grid(H, w_star, lim)
    ax.contour(X, Y, Z, levels=8, colors=C_J, linewidths=0.7, alpha=0.55)
    ax.plot(plain[:, 0], plain[:, 1], "o-", ms=2.5, color="#555555", lw=1.2, label="경사 하강법 (α = 0)")
    ax.plot(decay[:, 0], decay[:, 1], "o-", ms=2.5, color=C_PEN, lw=1.2, label=f"가중치 감쇠 (α = {alpha:g})")
    ax.plot(*w0, "s", color="black", ms=6, label="시작점")
    ax.plot(*w_star, "*", color="black", ms=13, label=W_STAR)
    ax.plot(*wt, "o", mfc="white", mec=C_PEN, mew=2, ms=9, label=W_TILDE)
    ax.plot(0, 0, "+", color=C_AXIS, ms=10)
    ax.annotate(W_STAR, w_star, textcoords="offset points", xytext=(6, 6), fontsize=11)
    ax.annotate(W_TILDE, wt, textcoords="offset points", xytext=(6, -16), fontsize=11, color=C_PEN)
    return _finish_plane(ax, lim, legend, inside_loc="best")


def plot_taylor(ax, f, a, *, xlim, h=1e-4):
    r"""A 1-D function and its second-order Taylor approximation at ``a`` (figure 2).

    The derivatives f'(a), f''(a) are central differences with step ``h``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    f : callable
        numpy 배열을 받아 같은 모양의 배열을 돌려주는 1변수 함수
        (예: :func:`ridgedoc.examples.taylor_example`).
    a : float
        전개하는 점.
    xlim : pair of float
        가로축 범위.
    h : float, default=1e-4
        중앙 차분의 간격.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    .. math:: f(x)\approx f(a)+f'(a)(x-a)+\tfrac12 f''(a)(x-a)^2
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    fa = float(f(a))
    d1 = (f(a + h) - f(a - h)) / (2 * h)
    d2 = (f(a + h) - 2 * fa + f(a - h)) / h**2
    x = np.linspace(xlim[0], xlim[1], 400)
    approx = fa + d1 * (x - a) + 0.5 * d2 * (x - a) ** 2
    ax.plot(x, f(x), color=C_J, label=r"$f(x)$")
    ax.plot(x, approx, "--", color=C_PEN, label="a에서의 2차 근사")
    ax.plot(a, fa, "o", color="black", ms=6)
    ax.annotate(rf"$a = {a:g}$", (a, fa), textcoords="offset points", xytext=(6, -16))
    lo = min(float(np.min(f(x))), fa)
    hi = float(np.max(f(x)))
    ax.set_ylim(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
    ax.set_xlabel(r"$x$")
    ax.legend(loc="upper center")
    return ax


def plot_geometry(ax, H, w_star, alpha, *, path_alphas=None, n_contours=5, show_forces=False,
                  legend="below"):
    r"""The book's Figure 7.1: contours of J, penalty circles, w*, w~ and the path w~(alpha) (figure 3).

    The J contour and the penalty circle drawn through ``w_tilde`` (from 7.10) are
    the thick ones; they touch at ``w_tilde``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    H : array_like of shape (2, 2)
        헤시안 (대칭, 양의 준정부호).
    w_star : array_like of shape (2,)
        정칙화하지 않은 최소점.
    alpha : float
        표시할 :math:`\tilde{\boldsymbol w}` 의 정칙화 강도 (0보다 큼).
    path_alphas : array_like, optional
        경로 :math:`\tilde{\boldsymbol w}(\alpha)` 를 그릴 alpha 값들.
    n_contours : int, default=5
        가는 J 등고선의 수.
    show_forces : bool, default=False
        :math:`\tilde{\boldsymbol w}` 에서 두 힘을 화살표로 그립니다: J를 줄이는 방향
        :math:`-\nabla J(\tilde{\boldsymbol w})` (파랑)과 페널티를 줄이는 방향
        :math:`-\alpha\tilde{\boldsymbol w}` (주황). 길이가 같고 방향이 반대입니다.
    legend : {"below", "inside", None}, default="below"

    Returns
    -------
    matplotlib.axes.Axes
    """
    H, w_star = _check_2d(H, w_star)
    wt = q.w_tilde_solve(H, w_star, alpha)
    eigvals, Q = q.eigh_psd(H)
    Q = _oriented(Q)
    if path_alphas is None:
        scale = max(float(eigvals.max()), 1e-12)
        path_alphas = np.concatenate([[0.0], np.logspace(-3, 3, 300) * scale])
    path = q.regularization_path(H, w_star, check_alphas(path_alphas, "path_alphas"))
    path = np.vstack([path, [[0.0, 0.0]]])
    lim = _limits(np.vstack([path, w_star + 0.45 * np.sqrt(float(w_star @ w_star)) * Q.T]), pad=0.2)
    X, Y, Z = _grid(H, w_star, lim)
    J_t = q.objective(wt, H, w_star)
    levels = np.unique(np.concatenate([J_t * np.array([0.15, 0.45]), J_t * np.array([2.0, 3.5, 6.0])]))
    ax.contour(X, Y, Z, levels=levels[: n_contours], colors=C_J, linewidths=0.8, alpha=0.6)
    ax.contour(X, Y, Z, levels=[J_t], colors=C_J, linewidths=2.2)
    R = np.hypot(X, Y)
    r_t = float(np.hypot(*wt))
    ax.contour(X, Y, R, levels=r_t * np.array([0.4, 0.7, 1.4]), colors=C_PEN, linewidths=0.8, linestyles=":")
    ax.contour(X, Y, R, levels=[r_t], colors=C_PEN, linewidths=2.0, linestyles="--")
    for i in range(2):  # eigenvector axes through w*
        v = Q[:, i] * 10 * (lim[1] - lim[0])
        ax.plot([w_star[0] - v[0], w_star[0] + v[0]], [w_star[1] - v[1], w_star[1] + v[1]],
                color=C_AXIS, lw=0.8, ls="-.")
        # label on the half-axis pointing away from the origin (away from w~ and the path)
        d = Q[:, i] if float(Q[:, i] @ w_star) >= 0 else -Q[:, i]
        tip = w_star + 0.6 * _ray_to_box(w_star, d, lim) * d
        ax.annotate(rf"$\mathbf{{q}}_{i + 1}$, $\lambda_{i + 1} = {eigvals[i]:.3g}$", tip, color="#444444",
                    fontsize=9, ha="center", va="center", textcoords="offset points", xytext=(0, 9),
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    ax.plot(path[:, 0], path[:, 1], color=C_PEN, lw=1.3, alpha=0.9, label="α를 0에서 ∞로 키울 때의 경로")
    if show_forces:
        g = q.gradient(wt, H, w_star)  # = -alpha * w_tilde at the regularized minimum
        length = 0.16 * (lim[1] - lim[0])
        for vec, color in ((-g, C_J), (-alpha * wt, C_PEN)):
            n = float(np.hypot(*vec))
            if n > 0:
                ax.annotate("", wt + vec / n * length, wt,
                            arrowprops=dict(arrowstyle="-|>", color=color, lw=2.0, shrinkA=0, shrinkB=0))
        ax.plot([], [], color=C_J, lw=2.0, marker=">", ms=5, label=r"$-\nabla J(\tilde{\mathbf{w}})$")
        ax.plot([], [], color=C_PEN, lw=2.0, marker=">", ms=5, label=r"$-\alpha\tilde{\mathbf{w}}$")
    ax.plot(*w_star, "*", color="black", ms=14, label=W_STAR)
    ax.plot(*wt, "o", mfc="white", mec=C_PEN, mew=2.2, ms=9, label=W_TILDE + rf", $\alpha = {alpha:g}$")
    ax.plot(0, 0, "+", color="black", ms=10)
    ax.annotate(W_STAR, w_star, textcoords="offset points", xytext=(8, -14), fontsize=11)
    ax.plot([], [], color=C_J, lw=2.2, label="J의 등고선")
    ax.plot([], [], color=C_PEN, lw=2.0, ls="--", label="페널티의 등고선 (원)")
    return _finish_plane(ax, lim, legend, inside_loc="lower right")


def plot_shrinkage(ax, eigvals, alphas=None):
    """Shrinkage factors lambda/(lambda+alpha) against alpha on a log axis (figure 4a).

    Each curve crosses 1/2 where alpha = lambda; that point is marked.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    eigvals : array_like of shape (p,)
        곡선을 그릴 고윳값들 (0 이상). 하나에 곡선 하나.
    alphas : array_like, optional
        가로축의 alpha 값들 (기본: 고윳값 범위의 100배 바깥까지 로그 간격).

    Returns
    -------
    matplotlib.axes.Axes
    """
    lam = as_vector(eigvals, "eigvals")
    if alphas is None:
        alphas = np.logspace(np.log10(lam[lam > 0].min()) - 2, np.log10(lam.max()) + 2, 150)
    alphas = check_alphas(alphas)
    for lam_i in lam:
        line, = ax.semilogx(alphas, [q.shrinkage_factors([lam_i], a)[0] for a in alphas],
                            label=f"λ = {lam_i:g}")
        if lam_i > 0:
            ax.plot(lam_i, 0.5, "o", color=line.get_color(), ms=6)
    ax.axhline(0.5, color=C_AXIS, lw=0.8, ls="--")
    ax.annotate("α = λ 에서 1/2", (alphas[0], 0.5), textcoords="offset points", xytext=(2, 4), color="#444444", fontsize=9)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("축소 계수 λ/(λ+α)")
    ax.legend(loc="lower left")
    return ax


def plot_effective_parameters(ax, eigvals, alphas=None, *, mark_eigvals=False):
    """Effective number of parameters sum_i lambda_i/(lambda_i+alpha) against alpha (figure 4b).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    eigvals : array_like of shape (p,)
        헤시안의 고윳값 (0 이상).
    alphas : array_like, optional
        가로축의 alpha 값들 (기본: 고윳값 범위의 100배 바깥까지 로그 간격).
    mark_eigvals : bool, default=False
        각 고윳값 위치 (alpha = lambda_i)에 세로 점선을 긋습니다.

    Returns
    -------
    matplotlib.axes.Axes
    """
    lam = as_vector(eigvals, "eigvals")
    if alphas is None:
        alphas = np.logspace(np.log10(lam[lam > 0].min()) - 2, np.log10(lam.max()) + 2, 150)
    alphas = check_alphas(alphas)
    dof = [q.effective_parameters(lam, a) for a in alphas]
    if mark_eigvals:
        for lam_i in lam[lam > 0]:
            ax.axvline(lam_i, color=C_AXIS, lw=0.8, ls=":")
            ax.plot(lam_i, q.effective_parameters(lam, lam_i), "o", color=C_PEN, ms=5)
    ax.semilogx(alphas, dof, color=C_PEN)
    rank = int(np.count_nonzero(lam > 0))
    ax.axhline(rank, color=C_AXIS, lw=0.8, ls="--")
    ax.annotate(f"rank(H) = {rank}", (alphas[-1], rank), ha="right", textcoords="offset points", xytext=(0, -14), fontsize=9)
    ax.set_ylim(-0.1, rank + 0.4)
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("유효 파라미터 수")
    return ax


def plot_rotation_scaling(axes, H, w_star, alpha):
    r"""Rotation -> scaling -> rotation, the reading of (7.13) (figure 5).

    ``axes`` holds four Axes: w* in the original axes; Q^T w* in the eigenbasis; the
    scaled coordinates; and w~ = Q (scaled) back in the original axes.

    Parameters
    ----------
    axes : array_like of 4 matplotlib.axes.Axes
        예: ``figures.subplots(2, 2)`` 의 두 번째 반환값.
    H : array_like of shape (2, 2)
    w_star : array_like of shape (2,)
    alpha : float

    Returns
    -------
    ndarray of Axes
        받은 네 Axes (1차원으로 폄).

    Notes
    -----
    고유벡터의 부호는 임의이므로, 그림에서는 각 고유벡터의 가장 큰 성분이 양수가 되도록
    부호를 맞춥니다. 결과 :math:`\tilde{\boldsymbol w}` 는 부호와 무관합니다.
    """
    H, w_star = _check_2d(H, w_star)
    axes = np.asarray(axes).ravel()
    if axes.size != 4:
        raise ValueError(f"axes must hold 4 Axes, got {axes.size}")
    eigvals, Q = q.eigh_psd(H)
    Q = _oriented(Q)
    c = Q.T @ w_star
    d = q.shrinkage_factors(eigvals, alpha)
    cs = d * c
    wt = Q @ cs
    r = 1.25 * max(float(np.abs(np.concatenate([w_star, c])).max()), 1e-9)

    def frame(ax, title, xl, yl):
        ax.axhline(0, color=C_AXIS, lw=0.8)
        ax.axvline(0, color=C_AXIS, lw=0.8)
        ax.set_xlim(-r, r)
        ax.set_ylim(-r, r)
        ax.set_aspect("equal")
        ax.set_title(title)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)

    def arrow(ax, v, color, label, offset=(5, 5)):
        ax.annotate("", v, (0, 0), arrowprops=dict(arrowstyle="-|>", color=color, lw=1.8, shrinkA=0, shrinkB=0))
        ax.plot(*v, "o", color=color, ms=4)
        if label:
            ax.annotate(label, v, textcoords="offset points", xytext=offset, color=color)

    def eigaxes(ax):
        for i in range(2):
            v = Q[:, i] * r * 1.5
            ax.plot([-v[0], v[0]], [-v[1], v[1]], color=C_AXIS, ls="-.", lw=0.8)
            tip = Q[:, i] * r * 0.8
            ax.annotate(rf"$\mathbf{{q}}_{i + 1}$", tip, color="#444444", fontsize=10,
                        textcoords="offset points", xytext=(4, -12 if i == 0 else 2))

    frame(axes[0], "① 원래 좌표", r"$w_1$", r"$w_2$")
    eigaxes(axes[0])
    arrow(axes[0], w_star, "black", W_STAR)
    frame(axes[1], "② 고유벡터 좌표로 회전", r"$\mathbf{q}_1^\top\mathbf{w}$", r"$\mathbf{q}_2^\top\mathbf{w}$")
    arrow(axes[1], c, "black", f"({c[0]:.2f}, {c[1]:.2f})", offset=(-30, 8))
    frame(axes[2], "③ 축마다 축소", r"$\mathbf{q}_1^\top\mathbf{w}$", r"$\mathbf{q}_2^\top\mathbf{w}$")
    arrow(axes[2], c, "#BBBBBB", "")
    arrow(axes[2], cs, C_PEN, f"({cs[0]:.2f}, {cs[1]:.2f})", offset=(-10, 10))
    axes[2].text(0.04, 0.05, f"× {d[0]:.2f},  × {d[1]:.2f}", transform=axes[2].transAxes, fontsize=10,
                 color=C_PEN)
    frame(axes[3], "④ 원래 좌표로 되돌림", r"$w_1$", r"$w_2$")
    eigaxes(axes[3])
    arrow(axes[3], w_star, "#BBBBBB", "")
    arrow(axes[3], wt, C_PEN, W_TILDE, offset=(-18, 6))
    return axes


def plot_ridge_trace(ax, alphas, coefs, names):
    """Every ridge coefficient against alpha on a log axis (figure 6)."""
    alphas = check_alphas(alphas)
    coefs = np.asarray(coefs, dtype=float)
    if coefs.shape != (alphas.size, len(names)):
        raise ValueError(f"coefs must have shape {(alphas.size, len(names))}, got {coefs.shape}")
    for j, name in enumerate(names):
        ax.semilogx(alphas, coefs[:, j], label=name)
    ax.axhline(0, color=C_AXIS, lw=0.8)
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("계수 (표준화한 입력)")
    ax.legend(loc="best", ncols=2)
    return ax


def plot_loo(ax, alphas, errors, best_alpha=None):
    """Leave-one-out error against alpha, with the chosen alpha marked."""
    alphas = check_alphas(alphas)
    errors = as_vector(errors, "errors", size=alphas.size)
    ax.semilogx(alphas, errors, color=C_J)
    if best_alpha is not None:
        i = int(np.argmin(np.abs(alphas - best_alpha)))
        ax.axvline(best_alpha, color=C_PEN, ls="--", lw=1)
        ax.plot(alphas[i], errors[i], "o", color=C_PEN)
        ax.annotate(f"α = {best_alpha:.3g}", (alphas[i], errors[i]), textcoords="offset points", xytext=(6, 8), color=C_PEN)
    ax.set_xlabel("α (로그 축)")
    ax.set_ylabel("LOO 평균 제곱 오차")
    return ax

"""HTML of the interactive alpha explorer (the live version of the book's Figure 7.1).

The page prints :func:`explorer_html` from a markdown-exec ``html`` block; the
drawing and every number are made in the browser by ``docs/javascripts/explorer.js``
from the defaults this module writes into the container (``data-defaults``, JSON).
Those defaults come from :data:`ridgedoc.examples.FIGURE_7_1`, so the explorer opens
on the same picture as the static figure.

Without JavaScript only a short note is shown (the controls are hidden until the
script adds the class ``rd-explorer--js``).
"""

from __future__ import annotations

import html
import json
import math
import re

from ._validation import check_alpha
from .examples import FIGURE_7_1, make_problem

__all__ = ["explorer_html"]

_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_ALLOWED = ("eigvals", "angle_deg", "w_star", "alpha", "element_id")

# log10(alpha) range of the slider and its step (0.01 = about 2.3 % per arrow key).
LOG_ALPHA_MIN, LOG_ALPHA_MAX, LOG_ALPHA_STEP = -3.0, 3.0, 0.01


def _defaults(overrides: dict) -> dict:
    """Validated explorer settings: FIGURE_7_1 updated by ``overrides``."""
    unknown = sorted(set(overrides) - set(_ALLOWED))
    if unknown:
        raise TypeError(
            f"explorer_html() got unexpected keyword argument(s) {unknown!r}; "
            f"allowed: {', '.join(_ALLOWED)}"
        )
    settings = {**FIGURE_7_1, **{k: v for k, v in overrides.items() if k != "element_id"}}
    # make_problem checks eigvals (two numbers >= 0), angle_deg and w_star, naming each.
    _, w_star = make_problem(settings["eigvals"], settings["angle_deg"], settings["w_star"])
    alpha = check_alpha(settings["alpha"])
    eigvals = [float(v) for v in settings["eigvals"]]
    return {
        "eigvals": eigvals,
        "angle_deg": float(settings["angle_deg"]),
        "w_star": [float(v) for v in w_star],
        "alpha": alpha,
    }


def _element_id(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"element_id must be a str, got {type(value).__name__} {value!r}")
    if not _ID_RE.match(value):
        raise ValueError(
            f"element_id must start with a letter and contain only letters, digits, '-' or '_', "
            f"got {value!r}"
        )
    return value


def _number(uid: str, key: str, label: str, value: float, *, minimum: str | None = None,
            step: str = "any") -> str:
    """One labelled number box."""
    low = f' min="{minimum}"' if minimum is not None else ""
    return (
        f'<div class="rd-explorer__field"><label for="{uid}-{key}">{label}</label>'
        f'<input id="{uid}-{key}" data-control="{key}" type="number" inputmode="decimal" '
        f'step="{step}"{low} value="{value!r}"></div>'
    )


def _alpha_controls(uid: str, alpha: float) -> str:
    """The log slider and the number box for alpha (the script keeps them in step)."""
    log_alpha = math.log10(alpha) if alpha > 0 else LOG_ALPHA_MIN
    log_alpha = min(max(log_alpha, LOG_ALPHA_MIN), LOG_ALPHA_MAX)
    return f"""<div class="rd-explorer__alpha">
<label for="{uid}-logalpha">정칙화 강도 α (로그 눈금)</label>
<input id="{uid}-logalpha" data-control="logalpha" type="range"
 min="{LOG_ALPHA_MIN:g}" max="{LOG_ALPHA_MAX:g}" step="{LOG_ALPHA_STEP:g}" value="{log_alpha!r}">
<span class="rd-explorer__inputwrap"><label class="rd-explorer__inline" for="{uid}-alpha">α 값</label>
<input id="{uid}-alpha" data-control="alpha" type="number" inputmode="decimal" min="0" step="any"
 value="{alpha!r}"></span>
<p class="rd-explorer__error" data-error="alpha" aria-live="polite" hidden></p>
</div>"""


def _figure(uid: str) -> str:
    """The empty drawing (filled by the script) and its legend."""
    return f"""<figure class="rd-explorer__figure">
<svg class="rd-explorer__svg" viewBox="0 0 480 480" role="img" aria-labelledby="{uid}-svgdesc"
 focusable="false"></svg>
<figcaption id="{uid}-svgdesc" class="rd-explorer__legend">
<span><i class="rd-key rd-key--j"></i>J의 등고선 (굵은 선: w̃를 지나는 것)</span>
<span><i class="rd-key rd-key--pen"></i>페널티의 등고선 (원; 굵은 점선: w̃를 지나는 것)</span>
<span><i class="rd-key rd-key--path"></i>α를 0에서 ∞로 키울 때 w̃(α)의 경로</span>
<span><i class="rd-key rd-key--arrows"></i>w̃에서 맞서는 두 힘 −∇J(w̃), −αw̃ (방향만)</span>
<span><i class="rd-key rd-key--axis"></i>고유벡터 방향 q<sub>1</sub>, q<sub>2</sub>
(쇄선은 w*를, 점선은 원점을 지남)</span>
</figcaption>
</figure>"""


_READOUTS = """<div class="rd-explorer__readouts">
<p class="rd-explorer__status" aria-live="polite" data-readout="status"></p>
<div class="rd-explorer__factors" data-readout="factors"></div>
<dl class="rd-explorer__numbers">
<dt>‖w̃‖ <span class="rd-explorer__muted">(‖w*‖ = <span data-readout="wstar-norm"></span>)</span></dt>
<dd><output data-readout="norm"></output></dd>
<dt>J(w̃) <span class="rd-explorer__muted">(J(w*) = 0)</span></dt>
<dd><output data-readout="J"></output></dd>
<dt>유효 파라미터 수 Σ<sub>i</sub> λ<sub>i</sub>/(λ<sub>i</sub>+α)
<span class="rd-explorer__muted">(rank H = <span data-readout="rank"></span>)</span></dt>
<dd><output data-readout="dof"></output></dd>
</dl>
</div>"""


def _problem_controls(uid: str, d: dict) -> str:
    """Number boxes for the eigenvalues, the angle and w*, and the reset button."""
    (lam1, lam2), (ws1, ws2) = d["eigvals"], d["w_star"]
    return f"""<div class="rd-explorer__controls">
<fieldset class="rd-explorer__group">
<legend>헤시안 H = Q diag(λ<sub>1</sub>, λ<sub>2</sub>) Q<sup>⊤</sup></legend>
{_number(uid, "lam1", "고윳값 λ<sub>1</sub>", lam1, minimum="0", step="0.1")}
{_number(uid, "lam2", "고윳값 λ<sub>2</sub>", lam2, minimum="0", step="0.1")}
{_number(uid, "angle", "회전각 θ (도)", d["angle_deg"], step="1")}
</fieldset>
<fieldset class="rd-explorer__group">
<legend>정칙화하지 않은 최소점 w*</legend>
{_number(uid, "ws1", "w*<sub>1</sub>", ws1, step="0.1")}
{_number(uid, "ws2", "w*<sub>2</sub>", ws2, step="0.1")}
</fieldset>
<button type="button" class="rd-explorer__reset" data-action="reset">처음 값으로 (책의 그림 7.1)</button>
<p class="rd-explorer__error" data-error="problem" aria-live="polite" hidden></p>
</div>"""


# Things to try; each button sets the values it names (see TRIES in explorer.js).
_GUIDE = """<div class="rd-explorer__guide">
<p><strong>해 볼 것</strong> (단추를 누르면 그 값으로 바뀝니다)</p>
<ol>
<li>두 고윳값을 같게 하면 H = λI가 되어 모든 방향이 같은 비율 λ/(λ+α)로 줄어듭니다.
경로가 w*에서 원점까지 곧은 선이 됩니다.
<button type="button" class="rd-explorer__try" data-try="equal">λ<sub>1</sub> = λ<sub>2</sub> = 2</button></li>
<li>λ<sub>1</sub>을 아주 작게 하면 w̃의 q<sub>1</sub> 방향 좌표가 작은 α에서 먼저 거의 0이 됩니다.
w̃는 먼저 원점을 지나는 q<sub>2</sub> 방향 직선(회색 점선) 가까이로 옮겨 가고,
α가 λ<sub>2</sub>에 가까워져서야 그 직선을 따라 원점으로 갑니다.
<button type="button" class="rd-explorer__try" data-try="tiny">λ<sub>1</sub> = 0.01, α = 0.1</button></li>
<li>α = λ<sub>1</sub>이면 첫 방향의 축소 계수가 정확히 1/2입니다. 막대가 가운데 눈금에 닿는지 보세요.
<button type="button" class="rd-explorer__try" data-try="half">α = λ<sub>1</sub></button></li>
<li>λ<sub>1</sub> = 0이면 α → 0에서도 w̃는 w*로 가지 않고, w*를 원점을 지나는 q<sub>2</sub> 방향
직선에 정사영한 점에 머뭅니다 (곡률이 0인 방향은 어떤 α &gt; 0에서도 0이 되므로).
<button type="button" class="rd-explorer__try" data-try="zero">λ<sub>1</sub> = 0, α = 0</button></li>
</ol>
</div>"""


def explorer_html(**overrides) -> str:
    r"""HTML of the interactive alpha explorer of Figure 7.1.

    Parameters
    ----------
    **overrides
        바꿀 초깃값. 주지 않은 값은 :data:`ridgedoc.FIGURE_7_1` 에서 가져옵니다.

        eigvals : pair of float
            헤시안의 고윳값 :math:`\lambda_1, \lambda_2` (0 이상).
        angle_deg : float
            첫 고유벡터 :math:`\boldsymbol q_1` 이 :math:`w_1` 축과 이루는 각 (도).
        w_star : pair of float
            정칙화하지 않은 최소점 :math:`\boldsymbol w^\ast`.
        alpha : float
            처음 보여 줄 정칙화 강도 (0 이상).
        element_id : str, default="rd-explorer"
            컨테이너의 id. 한 페이지에 탐색기를 둘 이상 둘 때 바꿉니다.

    Returns
    -------
    str
        ``<section class="rd-explorer">`` 하나. 초깃값은 ``data-defaults`` 속성에
        JSON으로 들어 있습니다.

    Raises
    ------
    TypeError
        모르는 키워드이거나 값의 종류가 틀렸을 때 (인자 이름과 값을 알려 줍니다).
    ValueError
        값이 범위 밖일 때 (음수 고윳값, 음수 alpha, 길이가 2가 아닌 벡터, 잘못된 id).

    Notes
    -----
    브라우저는 α마다 식 (7.13)을 그대로 계산합니다:

    .. math:: \tilde{\boldsymbol w}=\boldsymbol Q(\boldsymbol\Lambda+\alpha\boldsymbol I)^{-1}
              \boldsymbol\Lambda\boldsymbol Q^\top\boldsymbol w^\ast,\quad
              \boldsymbol q_1=(\cos\theta,\sin\theta),\ \boldsymbol q_2=(-\sin\theta,\cos\theta),

    :func:`ridgedoc.make_problem` 과 같은 규약입니다.

    Examples
    --------
    >>> from ridgedoc.explorer import explorer_html
    >>> '<section class="rd-explorer"' in explorer_html()
    True
    """
    uid = _element_id(overrides.get("element_id", "rd-explorer"))
    d = _defaults(overrides)
    defaults = html.escape(json.dumps(d, separators=(",", ":")), quote=True)
    # Its script and styles load only on pages that show an explorer: the site plugin
    # reads data-rd-assets and the theme links the files (overrides/main.html).
    assets = "stylesheets/explorer.css javascripts/explorer.js"
    return f"""<section class="rd-explorer" id="{uid}" data-defaults="{defaults}" data-rd-assets="{assets}"
 aria-labelledby="{uid}-title">
<h3 class="rd-explorer__title" id="{uid}-title">α 탐색기: 책의 그림 7.1을 직접 움직여 보기</h3>
<p class="rd-explorer__nojs">이 탐색기는 브라우저에서 자바스크립트로 움직입니다.
자바스크립트가 꺼져 있어도 위에 있는 정적 그림(책의 그림 7.1을 다시 그린 것)이
같은 문제(같은 λ, 같은 w*, α = {d["alpha"]:g})의 같은 그림을 보여 줍니다.</p>
<div class="rd-explorer__live">
<p class="rd-explorer__intro">α를 바꿀 때마다 w̃ = Q(Λ + αI)<sup>−1</sup>ΛQ<sup>⊤</sup>w* (식 7.13)를
그 자리에서 다시 계산해 그립니다. 헤시안 H의 고윳값과 고유벡터의 방향, 최소점 w*도 바꿀 수 있습니다.
탐색기의 J는 처음부터 2차 함수라서 2차 근사와 같습니다(J = Ĵ). 그래서 식 (7.7)의 기울기 H(w − w*)가 곧 ∇J입니다.
처음 값은 위의 정적 그림과 같습니다.</p>
{_alpha_controls(uid, d["alpha"])}
<div class="rd-explorer__body">
{_figure(uid)}
{_READOUTS}
</div>
{_problem_controls(uid, d)}
{_GUIDE}
</div>
</section>"""

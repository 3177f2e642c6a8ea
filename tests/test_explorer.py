"""The interactive alpha explorer: its HTML (Python) and its behaviour in Chromium.

The browser tests build the site once, serve it, and drive the real controls; every
number the page exposes (data attributes, full precision) is compared with ridgedoc
computed in Python.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import ridgedoc as rd
from ridgedoc.explorer import explorer_html
from tests.sitecheck import PageVisit, browser, serve

TOL = 1e-9
PAGE = "chapter/geometry/"


# ------------------------------------------------------------------ explorer_html (no browser)


class _Attrs(HTMLParser):
    """Collect the attributes of every start tag."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(markup: str) -> list[tuple[str, dict]]:
    parser = _Attrs()
    parser.feed(markup)
    return parser.tags


def _defaults(markup: str) -> dict:
    section = next(a for t, a in _parse(markup) if t == "section")
    return json.loads(section["data-defaults"])


def test_explorer_html_defaults_are_figure_7_1():
    """The container's data-defaults JSON equals FIGURE_7_1, so the explorer opens on the static figure."""
    d = _defaults(explorer_html())
    assert d == {
        "eigvals": list(rd.FIGURE_7_1["eigvals"]),
        "angle_deg": rd.FIGURE_7_1["angle_deg"],
        "w_star": list(rd.FIGURE_7_1["w_star"]),
        "alpha": rd.FIGURE_7_1["alpha"],
    }


def test_explorer_html_controls_start_at_the_defaults():
    """The number boxes and the log slider carry the same defaults before any script runs."""
    tags = {a.get("data-control"): a for t, a in _parse(explorer_html()) if t == "input"}
    f = rd.FIGURE_7_1
    assert float(tags["lam1"]["value"]) == f["eigvals"][0]
    assert float(tags["lam2"]["value"]) == f["eigvals"][1]
    assert float(tags["angle"]["value"]) == f["angle_deg"]
    assert float(tags["ws1"]["value"]) == f["w_star"][0]
    assert float(tags["ws2"]["value"]) == f["w_star"][1]
    assert float(tags["alpha"]["value"]) == f["alpha"]
    assert float(tags["logalpha"]["value"]) == math.log10(f["alpha"])
    assert tags["logalpha"]["type"] == "range" and float(tags["logalpha"]["step"]) <= 0.01


def test_explorer_html_every_control_has_a_label():
    """Every input has a <label for> pointing at it (its accessible name)."""
    tags = _parse(explorer_html())
    ids = {a["id"] for t, a in tags if t == "input"}
    labelled = {a["for"] for t, a in tags if t == "label"}
    assert ids and ids <= labelled


def test_explorer_html_overrides_and_element_id():
    """Overrides replace single defaults; element_id renames the container and its ids."""
    markup = explorer_html(alpha=0.25, eigvals=[1, 0], element_id="ex2")
    d = _defaults(markup)
    assert d["alpha"] == 0.25 and d["eigvals"] == [1.0, 0.0] and d["w_star"] == [2.0, 1.6]
    assert 'id="ex2"' in markup and 'id="rd-explorer"' not in markup
    slider = next(a for t, a in _parse(markup) if a.get("id") == "ex2-logalpha")
    assert float(slider["value"]) == math.log10(0.25)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"alpah": 1.0}, TypeError, r"alpah"),
        ({"alpha": -0.5}, ValueError, r"alpha.*-0\.5"),
        ({"alpha": "1"}, TypeError, r"alpha.*'1'"),
        ({"eigvals": (-1.0, 2.0)}, ValueError, r"eigvals.*-1\.0"),
        ({"eigvals": (1.0, 2.0, 3.0)}, ValueError, r"eigvals.*length 3"),
        ({"w_star": "ab"}, TypeError, r"w_star.*'ab'"),
        ({"angle_deg": float("nan")}, TypeError, r"angle_deg.*nan"),
        ({"element_id": "1bad"}, ValueError, r"element_id.*'1bad'"),
        ({"element_id": 3}, TypeError, r"element_id.*3"),
    ],
)
def test_explorer_html_rejects_bad_overrides(kwargs, error, match):
    """A bad override raises TypeError/ValueError naming the argument and its value."""
    with pytest.raises(error, match=match):
        explorer_html(**kwargs)


# ------------------------------------------------------------------ the built page


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The real site (the session's one strict build): no fixture adds an explorer to it."""
    return built_site


def test_real_geometry_page_has_the_explorer_and_its_assets(site):
    """The built geometry page shows the explorer and links its script and stylesheet."""
    page = (site / "chapter" / "geometry" / "index.html").read_text(encoding="utf-8")
    assert page.count('<section class="rd-explorer"') == 1
    assert '<link rel="stylesheet" href="../../stylesheets/explorer.css">' in page
    assert '<script src="../../javascripts/explorer.js" defer></script>' in page
    other = (site / "chapter" / "eigen" / "index.html").read_text(encoding="utf-8")
    assert "explorer.js" not in other and "explorer.css" not in other


@pytest.fixture(scope="module")
def chromium(site):
    """(base URL, Playwright browser) for the module."""
    with serve(site) as base, browser() as b:
        yield base, b


@pytest.fixture
def visit(chromium):
    """The page with the explorer, opened fresh at desktop size."""
    base, b = chromium
    v = PageVisit(b, base, PAGE)
    v.page.wait_for_selector("section.rd-explorer.rd-explorer--js")
    yield v
    v.close()


def _state(page) -> dict:
    """Everything the explorer exposes, as Python floats."""
    raw = page.evaluate(
        """() => {
          const root = document.querySelector('section.rd-explorer');
          const m = root.querySelector('.rd-explorer__wtilde');
          const val = k => root.querySelector(`[data-readout="${k}"]`).dataset.value;
          return {
            w1: m.dataset.w1, w2: m.dataset.w2, alpha: m.dataset.alpha,
            cx: m.getAttribute('cx'), cy: m.getAttribute('cy'),
            factors: [...root.querySelectorAll('output[data-factor]')].map(o => o.dataset.factor),
            shown: [...root.querySelectorAll('output[data-factor]')].map(o => o.textContent),
            norm: val('norm'), J: val('J'), dof: val('dof'),
            status: root.querySelector('[data-readout="status"]').textContent,
          };
        }"""
    )
    out = {k: float(raw[k]) for k in ("w1", "w2", "alpha", "cx", "cy", "norm", "J", "dof")}
    out["factors"] = [float(f) for f in raw["factors"]]
    out["shown"] = raw["shown"]
    out["status"] = raw["status"]
    return out


def _set_problem(page, eigvals, angle_deg, w_star):
    """Type a problem into the real number boxes."""
    for label, value in [
        ("고윳값 λ1", eigvals[0]),
        ("고윳값 λ2", eigvals[1]),
        ("회전각 θ (도)", angle_deg),
        ("w*1", w_star[0]),
        ("w*2", w_star[1]),
    ]:
        page.get_by_label(label, exact=True).fill(repr(float(value)))


def _set_slider(page, log_alpha: float):
    """Move the range input the way a drag does: set its value and fire 'input'."""
    page.get_by_label("정칙화 강도 α (로그 눈금)").evaluate(
        "(e, v) => { e.value = String(v); e.dispatchEvent(new Event('input', {bubbles: true})); }",
        log_alpha,
    )


def _check_against_python(state, eigvals, angle_deg, w_star, alpha=None):
    """The page's w~, factors, norm, J and effective parameters equal ridgedoc's to 1e-9."""
    alpha = state["alpha"] if alpha is None else alpha
    assert state["alpha"] == alpha
    H, ws = rd.make_problem(eigvals, angle_deg, w_star)
    w = rd.w_tilde_solve(H, ws, alpha)
    np.testing.assert_allclose([state["w1"], state["w2"]], w, rtol=TOL, atol=TOL)
    np.testing.assert_allclose(state["factors"], rd.shrinkage_factors(eigvals, alpha), rtol=0, atol=TOL)
    assert state["norm"] == pytest.approx(float(np.linalg.norm(w)), rel=TOL, abs=TOL)
    assert state["J"] == pytest.approx(rd.objective(w, H, ws), rel=TOL, abs=TOL)
    assert state["dof"] == pytest.approx(rd.effective_parameters(eigvals, alpha), abs=TOL)
    # the rounded display agrees with the full-precision attribute
    for shown, f in zip(state["shown"], state["factors"], strict=True):
        assert abs(float(shown.replace("\u2212", "-")) - f) <= 5e-4 + 1e-12


def _clean(v: PageVisit):
    assert v.console_errors == [] and v.page_errors == [], v.console_errors + v.page_errors
    assert v.external == [] and v.failed == [], v.external + v.failed


F = rd.FIGURE_7_1


def test_opens_on_figure_7_1(visit):
    """Before any input the marker is w~ of FIGURE_7_1 (the static figure's point)."""
    state = _state(visit.page)
    _check_against_python(state, F["eigvals"], F["angle_deg"], F["w_star"], F["alpha"])
    assert "α = 1" in state["status"] and "w̃" in state["status"]
    _clean(visit)


def test_alpha_number_box_exact(visit):
    """Typing alpha (0, tiny, huge, in between) into the number box gives ridgedoc's w~ exactly."""
    box = visit.page.get_by_label("α 값", exact=True)
    for alpha in (0.0, 1e-4, 0.05, 0.5, 1.0, 37.5, 1e4):
        box.fill(repr(alpha))
        _check_against_python(_state(visit.page), F["eigvals"], F["angle_deg"], F["w_star"], alpha)
    # the slider followed the box (clamped to its ends)
    assert float(visit.page.get_by_label("정칙화 강도 α (로그 눈금)").input_value()) == 3.0
    _clean(visit)


def test_alpha_slider_exact(visit):
    """Moving the log slider sets alpha = 10**value; w~ follows exactly and the box shows alpha."""
    box = visit.page.get_by_label("α 값", exact=True)
    for log_alpha in (-3.0, -1.37, 0.0, 0.6, 2.25, 3.0):
        _set_slider(visit.page, log_alpha)
        state = _state(visit.page)
        assert state["alpha"] == pytest.approx(10.0**log_alpha, rel=1e-12)
        _check_against_python(state, F["eigvals"], F["angle_deg"], F["w_star"])
        assert float(box.input_value()) == pytest.approx(state["alpha"], rel=1e-3)
    _clean(visit)


@pytest.mark.parametrize(
    ("eigvals", "angle_deg", "w_star"),
    [
        ((0.5, 4.0), 20.0, (2.0, 1.6)),
        ((3.0, 0.2), -35.0, (-1.5, 2.5)),
        ((2.0, 2.0), 70.0, (1.0, -3.0)),  # H = 2I: the path is a straight segment
        ((0.0, 4.0), 20.0, (2.0, 1.6)),  # singular H: the q1 coordinate is 0 for all alpha > 0
        ((1.5, 0.0), 135.0, (0.3, 0.9)),
        ((0.01, 25.0), 200.0, (10.0, -4.0)),
        ((0.0, 0.0), 45.0, (1.0, -2.0)),  # H = 0: w~ = 0 for every alpha
        ((1.0, 3.0), 10.0, (0.0, 0.0)),  # w* at the origin: nothing to shrink
    ],
)
def test_problem_settings_exact(visit, eigvals, angle_deg, w_star):
    """Setting lambda_1, lambda_2, the angle and w* through the boxes, then several alphas
    (box and slider), matches make_problem + w_tilde_solve + shrinkage_factors to 1e-9."""
    page = visit.page
    _set_problem(page, eigvals, angle_deg, w_star)
    box = page.get_by_label("α 값", exact=True)
    for alpha in (0.0, 0.003, 0.2, 4.0, 90.0):
        box.fill(repr(alpha))
        _check_against_python(_state(page), eigvals, angle_deg, w_star, alpha)
    _set_slider(page, -0.42)
    _check_against_python(_state(page), eigvals, angle_deg, w_star)
    _clean(visit)


def test_zero_eigenvalue_limit(visit):
    """lambda_1 = 0: factor 0 for every alpha, and at alpha = 0 (limit 0+) w~ is w*'s
    projection onto q2, not w*."""
    page = visit.page
    _set_problem(page, (0.0, 4.0), 20.0, (2.0, 1.6))
    page.get_by_label("α 값", exact=True).fill("0")
    state = _state(page)
    assert state["factors"] == [0.0, 1.0]
    t = math.radians(20.0)
    q2 = np.array([-math.sin(t), math.cos(t)])
    np.testing.assert_allclose([state["w1"], state["w2"]], q2 * (q2 @ [2.0, 1.6]), atol=TOL)
    _clean(visit)


def test_keyboard_arrow_keys_move_alpha(visit):
    """Focus the slider, press ArrowRight: alpha grows by 10**0.01 per press and the
    marker moves (to ridgedoc's w~); ArrowLeft brings it back."""
    page = visit.page
    slider = page.get_by_label("정칙화 강도 α (로그 눈금)")
    slider.focus()
    before = _state(page)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    after = _state(page)
    assert after["alpha"] == pytest.approx(before["alpha"] * 10**0.05, rel=1e-9)
    assert (after["cx"], after["cy"]) != (before["cx"], before["cy"])
    assert math.hypot(after["w1"], after["w2"]) < math.hypot(before["w1"], before["w2"])
    assert slider.get_attribute("aria-valuetext") == "α = 1.12"  # 10**0.05, said as alpha
    _check_against_python(after, F["eigvals"], F["angle_deg"], F["w_star"])
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert _state(page)["alpha"] == pytest.approx(before["alpha"], rel=1e-12)
    _clean(visit)


def test_live_region_announces_alpha_and_w_tilde(visit):
    """The aria-live="polite" readout names the current alpha and w~ after a change."""
    page = visit.page
    live = page.locator('section.rd-explorer [data-readout="status"]')
    assert live.get_attribute("aria-live") == "polite"
    page.get_by_label("α 값", exact=True).fill("4")
    state = _state(page)
    text = live.text_content()
    assert "α = 4" in text
    assert f"{state['w1']:.3g}".replace("-", "\u2212") in text


def test_controls_have_korean_accessible_names(visit):
    """Every control is found by its Korean label (one match each) and every input has a name."""
    page = visit.page
    for label in ("정칙화 강도 α (로그 눈금)", "α 값", "고윳값 λ1", "고윳값 λ2", "회전각 θ (도)", "w*1", "w*2"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    assert page.get_by_role("slider", name="정칙화 강도 α (로그 눈금)").count() == 1
    assert page.get_by_role("button", name="처음 값으로 (책의 그림 7.1)").count() == 1
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('section.rd-explorer input, section.rd-explorer button')]
             .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                          && !e.textContent.trim())
             .map(e => e.outerHTML)"""
    )
    assert unnamed == []


def test_try_buttons_teach(visit):
    """The guide's buttons: alpha = lambda_1 gives factor exactly 1/2; lambda_1 = lambda_2
    gives w~ parallel to w* (straight path); reset returns to FIGURE_7_1."""
    page = visit.page
    page.get_by_role("button", name="α = λ1").click()
    state = _state(page)
    assert state["alpha"] == F["eigvals"][0] and state["factors"][0] == 0.5
    page.get_by_role("button", name="λ1 = λ2 = 2").click()
    state = _state(page)
    assert abs(state["w1"] * F["w_star"][1] - state["w2"] * F["w_star"][0]) < TOL
    _check_against_python(state, (2.0, 2.0), F["angle_deg"], F["w_star"])
    page.get_by_role("button", name="처음 값으로 (책의 그림 7.1)").click()
    _check_against_python(_state(page), F["eigvals"], F["angle_deg"], F["w_star"], F["alpha"])
    _clean(visit)


def test_invalid_input_is_flagged_and_ignored(visit):
    """A negative eigenvalue or alpha marks the box invalid, shows a Korean message and
    leaves the drawing at the last valid state."""
    page = visit.page
    before = _state(page)
    lam1 = page.get_by_label("고윳값 λ1", exact=True)
    lam1.fill("-1")
    assert lam1.get_attribute("aria-invalid") == "true"
    error = page.locator('section.rd-explorer [data-error="problem"]')
    assert error.is_visible() and "0 이상" in error.text_content() and "λ1" in error.text_content()
    assert _state(page)["w1"] == before["w1"]
    lam1.fill("0.5")
    assert not error.is_visible()
    alpha_box = page.get_by_label("α 값", exact=True)
    alpha_box.fill("-2")
    assert alpha_box.get_attribute("aria-invalid") == "true"
    assert _state(page)["alpha"] == before["alpha"]
    alpha_error = page.locator('section.rd-explorer [data-error="alpha"]')
    assert alpha_error.is_visible() and "α" in alpha_error.text_content()
    alpha_box.fill("2")
    assert not alpha_error.is_visible() and _state(page)["alpha"] == 2.0
    _clean(visit)


def test_document_observable_does_not_bind_twice(visit):
    """Another emission of Material's document$ (instant navigation) leaves one marker,
    two factor rows, and one alpha step per key press."""
    page = visit.page
    assert page.evaluate("typeof window.document$.next") == "function"
    page.evaluate("window.document$.next(document)")
    assert page.locator(".rd-explorer__wtilde").count() == 1
    assert page.locator("output[data-factor]").count() == 2
    page.get_by_label("정칙화 강도 α (로그 눈금)").focus()
    page.keyboard.press("ArrowRight")
    assert _state(page)["alpha"] == pytest.approx(10**0.01, rel=1e-9)
    _clean(visit)


def test_phone_width_does_not_widen_the_page(chromium):
    """At 390 px the page does not scroll sideways and the drawing fits the screen."""
    base, b = chromium
    v = PageVisit(b, base, PAGE, width=390, height=844)
    try:
        page = v.page
        page.wait_for_selector("section.rd-explorer.rd-explorer--js")
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], sizes
        box = page.locator("svg.rd-explorer__svg").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.get_by_label("α 값", exact=True).fill("1e-300")  # long text in the readouts
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], sizes
        _clean(v)
    finally:
        v.close()


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _luminance(css: str, under: str = "rgb(255, 255, 255)") -> float:
    """Relative luminance (WCAG) of a CSS colour, blended over ``under`` if translucent."""
    r, g, b, a = _rgba(css)
    br, bg, bb, _ = _rgba(under)
    r, g, b = ((a * x + (1 - a) * y) / 255 for x, y in ((r, br), (g, bg), (b, bb)))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_is_readable_in_both_schemes(chromium, dark):
    """Every piece of the explorer's own text (outside the drawing) keeps a contrast of at
    least 4.5 against the page in light and dark mode; the drawing stays on its white card."""
    base, b = chromium
    v = PageVisit(b, base, PAGE, dark=dark)
    try:
        page = v.page
        page.wait_for_selector("section.rd-explorer.rd-explorer--js")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == ("slate" if dark else "default")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        colors = page.evaluate(
            """() => [...document.querySelectorAll('section.rd-explorer *')]
                 .filter(e => !e.closest('svg') && e.getClientRects().length
                              && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
                 .map(e => getComputedStyle(e).color)"""
        )
        assert len(colors) > 30
        lb = _luminance(bg)
        for c in set(colors):
            lf = _luminance(c, bg)
            ratio = (max(lf, lb) + 0.05) / (min(lf, lb) + 0.05)
            assert ratio >= 4.5, (c, bg, ratio)
        card = page.locator("svg.rd-explorer__svg").evaluate("e => getComputedStyle(e).backgroundColor")
        assert card == "rgb(255, 255, 255)"
        _clean(v)
    finally:
        v.close()


def test_without_javascript_the_note_points_to_the_static_figure(chromium):
    """With JavaScript off the controls are hidden and a Korean note names the static figure."""
    base, b = chromium
    context = b.new_context(java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base + PAGE)
        assert page.locator(".rd-explorer__nojs").is_visible()
        assert "정적 그림" in page.locator(".rd-explorer__nojs").text_content()
        assert not page.locator(".rd-explorer__live").is_visible()
    finally:
        context.close()

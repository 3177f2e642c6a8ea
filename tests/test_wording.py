"""Wording rules of the site: one Korean word per thing, and no statement we corrected returns.

The sources read are what a reader sees: every Markdown page under ``docs/``, the
markdown cells of the notebook ``docs/chapter/linear-regression.ipynb``, the HTML that
``ridgedoc.explorer.explorer_html()`` writes and the string literals of
``docs/javascripts/explorer.js``. Code blocks of the pages are read too, because their
strings become alt texts, captions and printed sentences.

Rules decided in the editorial pass (issue 13), kept as data in ``REJECTED`` below:

- **페이지** is the word for a page of the site. **쪽** is kept for directions only:
  either as the end of a direction word (왼쪽, 오른쪽, 위쪽, 아래쪽, 양쪽, 안쪽,
  바깥쪽) or followed by the particle 으로 or 에 (not 에서): "원점 쪽으로",
  "0 쪽으로", "q_2 쪽으로 기운". Anything else ("이 쪽에서는", "앞 쪽들", "다음 쪽의",
  "데이터 쪽의 기울기") fails, so 쪽 can never be read as a page.
- **정칙화 강도** (regularization strength) is the name of α. "페널티 가중치" collides
  with 가중치 = w; "페널티의 무게" and "페널티 무게" were two more names for it.
- **타깃** is y ("정답" and "맞히려는 값" were other names; an exercise's answer is "답").
- **관측치** is a row of the data; **예제** is kept for a worked example, so "예제 수",
  "예제 하나", "예제 $i$" fail, and so does a bare "관측" used as a noun ("관측 하나").
  The verb forms 관측된/관측한/관측하 stay allowed.
- Calques replaced by textbook Korean: 벌하다/벌을 받다 (penalize: 페널티를 부과하다),
  비기다 (balance: 균형을 이루다), 흉내 내다 (approximate: 근사하다), 무너지다
  (collapses: 줄어든다, 0이 된다). "벌어지다" (to spread apart) is a different word and
  is allowed.
- One register, 합니다체: "~죠" endings and the chatty "눈치챈 분" fail.
- Headings carry no English tag in parentheses at their end ("(data)", "(summary)").
- The glossary may mention a rejected variant in double quotes to say it is not used;
  everywhere else a quoted variant counts like any other.
- Statements about the site that were false and were corrected must not come back
  (the errata box, the theme toggle, the arrow of Figure 7.1, "ε과 α는 모두 양수").

Each rule is tested on sentences it must catch and sentences it must leave alone
(``test_rules_catch_what_they_are_for``), so a rule that is too loose or too eager
fails here before it is trusted on the pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = DOCS / "chapter" / "linear-regression.ipynb"
EXPLORER_JS = DOCS / "javascripts" / "explorer.js"

# 쪽 is a direction: the end of one of these words, or followed by 으로 / 에 (not 에서).
_DIRECTION_WORDS = ("왼", "오른", "위", "아래", "양", "안", "바깥")
_PAGE_JJOK = re.compile("".join(f"(?<!{w})" for w in _DIRECTION_WORDS) + r"쪽(?!으로|에(?!서))")

# (rule name, pattern, the chosen wording, why the variant is rejected)
REJECTED: list[tuple[str, re.Pattern, str, str]] = [
    ("쪽 meaning a page", _PAGE_JJOK, "페이지",
     "쪽 also means a direction on the same pages; a page is always 페이지"),
    ("α: 페널티의 무게", re.compile(r"페널티의\s*무게"), "정칙화 강도", "one name for α"),
    ("α: 페널티 무게", re.compile(r"페널티\s+무게"), "정칙화 강도", "one name for α"),
    ("α: 페널티 가중치", re.compile(r"페널티\s*가중치"), "정칙화 강도",
     "가중치 is w; α must not be called a weight"),
    ("calque 벌하다", re.compile(r"벌(?:하|합|함|했|할|을\s*받|받)"), "페널티를 부과하다",
     "calque of 'penalize'"),
    ("calque 비기다", re.compile(r"비(?:기[는다고지면며어]|긴|깁)"), "균형을 이루다",
     "calque of 'balance' (equilibrium)"),
    ("calque 흉내", re.compile(r"흉내"), "근사하다", "calque of 'approximate'"),
    ("calque 무너지다", re.compile(r"무너[지집졌져]"), "줄어든다 / 0이 된다", "calque of 'collapses'"),
    ("y: 정답", re.compile(r"정답"), "타깃", "one name for y"),
    ("y: 맞히려는 값", re.compile(r"맞히려는\s*값"), "타깃", "one name for y"),
    ("예제 as a data row", re.compile(r"예제\s*(?:수|하나|개|마다|\$|\\\()"), "관측치",
     "예제 is a worked example; a row of the data is 관측치"),
    ("bare 관측 as a noun", re.compile(r"관측(?!치|된|한|하)"), "관측치", "one word for a row of the data"),
    ("register: ~죠", re.compile(r"[가-힣]죠(?=[\s.?!,]|$)"), "합니다체", "one register"),
    ("register: 눈치챈 분", re.compile(r"눈치\s*챈\s*분"), "합니다체", "one register, no chat"),
    ("errata box: aligned", re.compile(r"`aligned`나 `align` 환경"), "`align` 환경",
     "the page uses align (one \\tag per row), not aligned"),
    ("errata box: unnumbered = ours", re.compile(r"번호가 없는 식은 이 사이트가"), "번호가 없는 식은 대부분",
     "Ω(θ) = ½‖w‖² is the book's own and unnumbered"),
    ("theme toggle", re.compile(r"오른쪽 위의 해 모양 단추"), "밝은 화면에서는 달 모양",
     "the default (light) scheme shows a moon"),
    ("Figure 7.1 arrow", re.compile(r"파란 화살표는 w\* 쪽으로"), "원점에서 멀어지는 방향",
     "−∇J(w̃) = αw̃ points away from the origin, not at w*"),
    ("ε and α both positive", re.compile(r"\\alpha\\\)는 모두 양수"), "α는 0 이상",
     "α ∈ [0, ∞)"),
    ("the book's figure as our caption", re.compile(r"책의 그림 7\.1\.(?!\d)"), "책의 그림 7.1을 다시 그린 것",
     "a caption that is only the book's number reads as our figure number"),
]

_HEADING_ENGLISH_TAG = re.compile(r"^#{1,6} .*\([A-Za-z][A-Za-z \-]*\)\s*$")

# (rule name, text it must catch, text it must leave alone)
EXAMPLES = [
    ("쪽 meaning a page", ["이 쪽에서는 봅니다", "[앞 쪽들](a.md)", "다음 쪽의 식", "데이터 쪽의 기울기",
                          "쪽수"],
     ["원점 쪽으로 끌어당깁니다", "0 쪽으로 다가갑니다", r"\(\boldsymbol q_2\) 쪽으로 기운",
      "오른쪽에서 왼쪽으로", "왼쪽을 적습니다", "양쪽에", "해당 방향 쪽에 가깝습니다"]),
    ("calque 벌하다", ["가중치만 벌합니다", "벌을 받는 가중치", "편향까지 벌하면", "큰 파라미터를 벌함"],
     ["멀리에서는 벌어진다", "차이가 벌어집니다"]),
    ("calque 비기다", ["두 힘이 비기는 곳", "정확히 비깁니다"], ["비교해 봅시다", "비율", "비어 있습니다"]),
    ("calque 무너지다", ["0으로 무너집니다"], ["줄어듭니다"]),
    ("예제 as a data row", ["예제 하나", "예제 수(16)", "예제 $i$를 뺐을 때"],
     ["데이터를 예제로 씁니다", "표준 예제입니다"]),
    ("bare 관측 as a noun", ["관측 하나를 뺐을 뿐인데", "16개뿐인 관측으로는"],
     ["관측치 하나", "관측된 타깃"]),
    ("register: ~죠", ["보이는 것이죠.", "그렇죠?"], ["보입니다.", "조건"]),
    ("y: 정답", ["입력 데이터와 정답"], ["입력 데이터와 타깃"]),
]


def _markdown_cells() -> list[tuple[str, str]]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [(f"{NOTEBOOK.name}#{cell['id']}", "".join(cell["source"]))
            for cell in nb["cells"] if cell["cell_type"] == "markdown"]


def _js_strings() -> str:
    """The string literals of explorer.js that contain Hangul (its visible labels)."""
    text = EXPLORER_JS.read_text(encoding="utf-8")
    literals = re.findall(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', text)
    return "\n".join(s for s in literals if re.search(r"[가-힣]", s))


def sources() -> list[tuple[str, str]]:
    """(name, text) of everything the rules read."""
    from ridgedoc.explorer import explorer_html

    out = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(DOCS.rglob("*.md"))]
    out += _markdown_cells()
    out.append(("ridgedoc.explorer.explorer_html()", explorer_html()))
    out.append((EXPLORER_JS.relative_to(ROOT).as_posix(), _js_strings()))
    return out


def _rule(name: str) -> re.Pattern:
    return next(pattern for rule, pattern, _, _ in REJECTED if rule == name)


@pytest.mark.parametrize("name, caught, allowed", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_rules_catch_what_they_are_for(name, caught, allowed):
    """Each listed rule matches every sentence it is meant to catch and none of the
    legitimate sentences next to it (so the rules are neither toothless nor too eager)."""
    pattern = _rule(name)
    for text in caught:
        assert pattern.search(text), f"rule {name!r} misses {text!r}"
    for text in allowed:
        assert not pattern.search(text), f"rule {name!r} wrongly fires on {text!r}"


def test_other_names_column_is_not_wording():
    """Only the 다른 이름 column of the glossary table is emptied; the other cells still count."""
    table = "| 한국어 | 다른 이름 | 한 줄 뜻 |\n|---|---|---|\n| 관측치 | 관측값 | 관측 하나 |\n\n관측 둘\n"
    used = _used_text("docs/glossary.md", table)
    assert "관측값" not in used and "관측 하나" in used and "관측 둘" in used


def test_sources_are_found():
    """The test reads all seven pages, the notebook's markdown cells, and the explorer's labels."""
    names = [name for name, _ in sources()]
    assert sum(name.endswith(".md") for name in names) >= 7, names
    assert sum(NOTEBOOK.name in name for name in names) >= 20, names
    js = _js_strings()
    assert "축소 계수" in js and "0 이상이어야 합니다" in js, js[:300]


_QUOTED = re.compile(r'"[^"\n]*"')


def _without_other_names(text: str) -> str:
    """The glossary with its 다른 이름 column emptied: that column lists the names other
    sources use (관측값, 고유값, ...) so that search finds them; listing is not using."""
    lines, column = text.splitlines(), None
    for i, line in enumerate(lines):
        if not line.startswith("|"):
            column = None
            continue
        cells = line.split("|")
        if column is None:
            column = next((j for j, c in enumerate(cells) if c.strip() == "다른 이름"), -1)
        elif column > 0 and column < len(cells):
            cells[column] = " "
            lines[i] = "|".join(cells)
    return "\n".join(lines)


def _used_text(source: str, text: str) -> str:
    """The text whose wording counts. The glossary may name a rejected variant in double
    quotes to say it is not used ("정답"이라고 쓰지 않음): such a mention is not a use;
    nor is a name in its 다른 이름 column."""
    return _QUOTED.sub('""', _without_other_names(text)) if source == "docs/glossary.md" else text


@pytest.mark.parametrize("name, pattern, chosen, reason", REJECTED, ids=[r[0] for r in REJECTED])
def test_no_rejected_wording_returns(name, pattern, chosen, reason):
    """No source contains a rejected variant (a quoted mention in the glossary is not a
    use); the message names the place, the chosen wording and the reason."""
    hits = []
    for source, raw in sources():
        text = _used_text(source, raw)
        for lineno, line in enumerate(text.splitlines(), 1):
            for match in pattern.finditer(line):
                hits.append(f"{source}:{lineno}: …{line[max(0, match.start() - 20):match.end() + 20]}…")
    assert not hits, f"{name}: use {chosen!r} ({reason}):\n" + "\n".join(hits)


def test_headings_have_no_english_tags():
    """No heading of a page or of the notebook ends in an English tag in parentheses."""
    bad = [f"{source}: {line}" for source, text in sources()
           for line in text.splitlines() if _HEADING_ENGLISH_TAG.match(line)]
    assert not bad, "\n".join(bad)
    assert _HEADING_ENGLISH_TAG.match("## 2. Longley 데이터 (data)")
    assert not _HEADING_ENGLISH_TAG.match("## 6. α 고르기: LOO 오차")


# Terms the pages use; each has a row of its own in the glossary.
GLOSSARY_TERMS = ["정칙화 강도", "하이퍼파라미터", "타깃", "편향", "과소적합", "과대적합", "관측치",
                  "조건수", "특잇값 분해", "모자 행렬", "치역", "유사역행렬", "자유도", "다중공선성"]


def test_glossary_has_a_row_for_each_term():
    """Each term the editorial pass settled on is the first cell of a glossary row, once."""
    rows = [line.split("|")[1].strip() for line in (DOCS / "glossary.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and not line.startswith("| 한국어")]
    for term in GLOSSARY_TERMS:
        assert rows.count(term) == 1, (term, rows)


# Topics beyond section 7.1.1 and the page whose "책 밖의 이야기" label must name them.
BEYOND_THE_BOOK = [
    ("docs/chapter/weight-decay.md", "수렴 속도"),
    ("docs/chapter/quadratic.md", "역행렬이 없을 때"),
    ("docs/chapter/quadratic.md", "유사역행렬"),
    ("docs/chapter/eigen.md", "유효 파라미터 수"),
    (NOTEBOOK.name, "조건수"),
    (NOTEBOOK.name, "유효 파라미터 수"),
    (NOTEBOOK.name, "LOO"),
    (NOTEBOOK.name, "모자 행렬"),
]


def _labels(text: str) -> list[str]:
    """The "책 밖의 이야기" labels of a text: admonition titles with their indented body,
    and notebook blockquotes that start with the label."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r'^!!! \w+ "책 밖의 이야기', line):
            body = [line]
            for nxt in lines[i + 1:]:
                if nxt.strip() and not nxt.startswith("    "):
                    break
                body.append(nxt)
            out.append("\n".join(body[:6]))  # the title and the first sentences
        elif line.startswith("> **책 밖의 이야기"):
            out.append(line)
    return out


@pytest.mark.parametrize("source, topic", BEYOND_THE_BOOK)
def test_topics_beyond_the_book_are_labelled(source, topic):
    """Every topic that goes beyond section 7.1.1 is named in a "책 밖의 이야기" label on its page."""
    texts = [text for name, text in sources() if name == source or name.startswith(source + "#")]
    assert texts, source
    labels = [label for text in texts for label in _labels(text)]
    assert any(topic in label for label in labels), (source, topic, labels)

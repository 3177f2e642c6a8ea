"""The Korean search logic on both sides, without a browser.

The build side (``ridgedoc/site/search.py``) shapes the entries inside Material's
search index; the query side (``docs/javascripts/search-ko-core.js``) rewrites a
reader's query in the search worker. Here the build side runs in-process on a page
of our own, and the query side runs in Node on the same data, so that the two agree
on which word a particle comes off.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest

from ridgedoc.site import search
from ridgedoc.site.pages import transform
from tests.sitecheck import ROOT

CORE = ROOT / "docs" / "javascripts" / "search-ko-core.js"
NODE = shutil.which("node")

# Runs the query side in Node: reads {data, words, queries} and prints what
# baseForm and normalise give for each.
RUN_CORE = """
const core = require(process.argv[1]);
let input = "";
process.stdin.on("data", (c) => (input += c)).on("end", () => {
  const job = JSON.parse(input);
  const n = core.createNormaliser(job.data);
  process.stdout.write(JSON.stringify({
    base: job.words.map((w) => n.baseForm(w)),
    normalised: job.queries.map((q) => n.normalise(q)),
  }));
});
"""


def run_core(data: dict, words: list[str], queries: list[str]) -> dict:
    assert NODE, "node is needed for the query-side tests (scripts/test.sh installs nodejs)"
    proc = subprocess.run([NODE, "-e", RUN_CORE, str(CORE)], input=json.dumps({
        "data": data, "words": words, "queries": queries}), capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- the build side, in Material's index


class Toc(list):
    pass


def fake_page(url: str, content: str, headings: list[str]):
    """What Material's SearchIndex reads of a page: its HTML, URL, table of contents."""
    toc = Toc(SimpleNamespace(id=h, url=f"#{h}", children=[]) for h in headings)
    return SimpleNamespace(url=url, content=content, toc=toc, meta={}, title="T")


GLOSSARY = ('<h1 id="용어집">용어집</h1><p>용어를 모았습니다.</p><h2 id="표">표</h2>'
            "<table><thead><tr><th>한국어</th><th>영어</th><th>다른 이름</th><th>한 줄 뜻</th></tr></thead><tbody>"
            "<tr><td>고윳값</td><td>eigenvalue</td><td>고유값, 고유 값</td><td>고유벡터가 늘어나는 배율</td></tr>"
            "<tr><td>정칙화</td><td>regularization</td><td>규제</td><td>새 데이터의 오차를 줄이는 일</td></tr>"
            "</tbody></table>")
PAGE = ('<h1 id="감쇠">가중치 감쇠</h1><p>가중치를 줄입니다.</p><h2 id="식">식</h2>'
        '<div class="arithmatex">\\[w\\tag{7.5}\\]</div><p>매 걸음 가중치감쇠를 적용합니다.</p>')


def build_index(pages):
    from pymdownx.slugs import slugify

    korean = search.KoreanSearch(slugify(case="lower"))
    index = search.KoreanSearchIndex(korean, lang=["ko"], separator=r"[\s\-]+", pipeline=[], fields={})
    for url, src, html, headings in pages:  # as the plugin does: one transform per page, then Material indexes it
        result = transform(html, hrefs={}, glossary_slugify=korean.slugify if src == search.GLOSSARY_SRC else None)
        assert result.problems == []
        korean.learn(url, result.sections, result.glossary)
        index.add_entry_from_context(fake_page(url, result.content, headings))
    return json.loads(index.generate_search_index(None)), index


def test_material_index_gets_glossary_rows_and_hidden_fields():
    """Inside Material's own SearchIndex: each glossary row is an entry after the table's
    section, with its other names in the shown text and in ``def``; the table is not in
    the section's text; every entry has ``ko``; the fields are declared for the worker."""
    data, index = build_index([("glossary/", "glossary.md", GLOSSARY, ["용어집", "표"]),
                               ("decay/", "decay.md", PAGE, ["감쇠", "식"])])
    locations = [d["location"] for d in data["docs"]]
    assert locations[:4] == ["glossary/", "glossary/#표", "glossary/#고윳값", "glossary/#정칙화"], locations
    table_section = data["docs"][1]
    assert "고유벡터가" not in table_section["text"]
    row = data["docs"][2]
    assert "다른 이름: 고유값, 고유 값" in row["text"] and row["title"] == "고윳값 (eigenvalue)"
    defs = row["def"].split()
    assert defs.count("고윳값") == 3 and defs.count("고유값") == 3 and defs.count("eigenvalue") == 3
    assert defs.count("고유") == 2 and defs.count("값") == 2  # the words of the two-word name 고유 값
    assert all("ko" in d for d in data["docs"])
    assert {"ko", "def"} <= set(data["config"]["fields"])
    decay = {d["location"]: d for d in data["docs"]}
    assert decay["decay/#식"]["def"].split() == ["7.5"]
    assert "감쇠" in decay["decay/#식"]["ko"].split()  # inner ending of 가중치감쇠
    assert "가중치" in decay["decay/"]["ko"].split() and "가중치를" not in decay["decay/"]["ko"].split()
    assert {"규제", "고유값"} <= index.stems and "가중치" in index.stems


def test_def_words_count_once_and_one_word_names_twice():
    """A word that several names of a row share counts at its best weight, not their sum,
    so the row named by the word outranks a row with many names containing it; a
    spacing variant of the term adds nothing; an abbreviation in brackets is a name."""
    one = search.def_tokens("가중치", "weight", ["웨이트"])
    many = search.def_tokens("가중치 감쇠", "weight decay", ["가중치 감소", "가중치 감쇄", "가중치감쇠"])
    assert one.count("가중치") == 3 and many.count("가중치") == 2
    assert {"감소", "감쇄"} <= set(many) and "가중치감쇠" not in many
    svd = search.def_tokens("특잇값 분해", "singular value decomposition (SVD)", [])
    assert svd.count("svd") == 3 and svd.count("value") == 1
    assert search.def_tokens("특잇값", "singular value", []).count("value") == 2


def test_glossary_columns_are_found_by_header():
    """A table whose columns come in another order is read by its headers; one without a
    definition column is reported, not read wrongly."""
    from pymdownx.slugs import slugify

    table = ("<table><tr><th>영어</th><th>한 줄 뜻</th><th>한국어</th><th>다른 이름</th></tr>"
             "<tr><td>ridge regression</td><td>L2 회귀</td><td>릿지 회귀</td><td>능형 회귀, 리지 회귀</td></tr></table>")
    _, rows, _, problems = search.glossary_rows(table, slugify(case="lower"))
    assert problems == [] and rows[0]["korean"] == "릿지 회귀" and rows[0]["aliases"] == ["능형 회귀", "리지 회귀"]
    _, rows, _, problems = search.glossary_rows("<table><tr><th>한국어</th><th>영어</th></tr></table>",
                                               slugify(case="lower"))
    assert rows == [] and "뜻" in problems[0]


# ---------------------------------------------------------------- the query side, in Node

SMALL_DATA_WORDS = ["가중치", "가중치는", "길이", "길이를", "감소", "감소를", "경사", "하강법", "하강법을", "규제", "값", "값을", "값이"]


NAMES = search.name_spellings("고유벡터", "eigenvector", ["고유 벡터"]) | search.name_spellings(
    "훈련 오차", "training error", ["학습 오차"]) | search.name_spellings("AdamW", "", []) | search.name_spellings(
    "유사역행렬", "pseudo-inverse", ["Moore-Penrose inverse"]) | search.name_spellings("기울기", "gradient", ["경사도"])


def small_data() -> dict:
    known = search.known_stems(SMALL_DATA_WORDS)
    vocab = {search.base_form(w, known) for w in SMALL_DATA_WORDS} | {"가중치감쇠"}
    return search.query_data(known | vocab, vocab, NAMES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("가중치를", "가중치"),
        ("길이", "길이"),          # not 길 + 이: 길 is no word of this site
        ("길이를", "길이"),
        ("규제를", "규제"),
        ("경사하강법", "경사 하강법"),
        ("경사하강법을", "경사 하강법"),
        ("가중치감소를", "가중치 감소"),
        ("가중치감쇠", "가중치감쇠"),
        ("weight decay", "weight decay"),
        ("7.1", "7.1^10 7.1"),
        ("식 (7.10)", "식 (7.10^10 7.10)"),
        ("고유 벡터를", "고유벡터^10 고유벡터"),   # a spacing variant of the term asks for the term
        ("학습 오차", "학습^10 학습 오차^10 오차"),  # an other name: its own words, each exactly too
        ("학습오차를", "학습^10 학습 오차^10 오차"),
        ("훈련오차", "훈련^10 훈련 오차^10 오차"),  # the term typed without its space: as the pages spell it
        ("AdamW를", "adamw^10 adamw"),             # a particle after a Latin word
        ("moore-penrose inverse", "moore penrose inverse"),
        ("경사도", "경사도^10 경사도"),             # a name is not 경사 + 도
    ],
)
def test_query_side_rewrites(query, expected):
    """Known answers: a glossary name, however spaced and with a particle, becomes what it
    asks for; a particle comes off a known word only; a compound that is no word is split
    into known words; an equation number is also asked for exactly."""
    assert run_core(small_data(), [], [query])["normalised"] == [expected]


def test_both_sides_agree_on_every_word_of_the_site(built_site):
    """For every Hangul word of the built site's search index, bare and with each
    particle, the query side (Node, search_ko.json) strips the same particle as the
    build side's base_form on the same stems."""
    data = json.loads((built_site / "search" / "search_ko.json").read_text(encoding="utf-8"))
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = sorted({w for d in index["docs"] for w in re.findall(r"[가-힣]+", d["title"] + " " + d["text"])})
    assert len(words) > 1000, len(words)
    sample = words + [w + p for w in words[::7] for p in ("을", "를", "은", "는", "이", "가", "에서는", "으로")]
    stems = set(data["stems"])
    expected = [search.base_form(w, stems) for w in sample]
    got = run_core(data, sample, [])["base"]
    differ = [(w, e, g) for w, e, g in zip(sample, expected, got, strict=True) if e != g]
    assert not differ, f"{len(differ)} words differ, e.g. {differ[:10]}"
    assert sum(e != w for w, e in zip(sample, expected, strict=True)) > len(sample) // 10  # particles did come off

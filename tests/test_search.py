"""Korean search, driven through Material's real search box in Debian's Chromium.

lunr (Material's search engine) matches the start of space-separated words and
knows no Korean. ``ridgedoc/site/search.py`` shapes the index inside Material's search plugin and
the search worker (``docs/javascripts/search-ko-core.js``) strips particles from query words; these tests
type queries the way a reader does (``fill()`` the box, press End: Material searches
on key events) and read the result list Material renders.

The glossary terms come from ``docs/glossary.md`` at collection time, so the tests
follow the content. A glossary term's defining place is its row on the glossary
page (each row is its own search entry, ``glossary/#<row id>``); an equation
number's is the section that displays the equation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import make_project
from tests.sitecheck import ROOT, PageVisit, browser, build_site, serve

pytestmark = [pytest.mark.browser, pytest.mark.build]

GLOSSARY_MD = ROOT / "docs" / "glossary.md"
GLOSSARY_URL = "glossary/"
INPUT = "input.md-search__input"

# Common particles, as (after a final consonant, after a vowel).
PARTICLES = {
    "을/를": ("을", "를"),
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "의": ("의", "의"),
    "에": ("에", "에"),
    "으로/로": ("으로", "로"),
}


def with_particle(word: str, family: str) -> str:
    """``word`` followed by the particle of ``family`` that fits its last syllable."""
    after_consonant, after_vowel = PARTICLES[family]
    code = ord(word[-1]) - 0xAC00
    final = code % 28 if 0 <= code < 11172 else 0
    if family == "으로/로" and final == 8:  # ㄹ takes 로
        return word + after_vowel
    return word + (after_consonant if final else after_vowel)


def glossary_table() -> list[dict[str, str]]:
    """Every row of the table in docs/glossary.md, as {header: cell}."""
    rows, header = [], None
    for line in GLOSSARY_MD.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            if header:
                break
            continue
        cells = [c.strip().strip("*`").strip() for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---| row
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


TABLE = glossary_table()
ROWS = [(row["한국어"], row.get("영어", "").split(",")[0].strip()) for row in TABLE]
TERMS = [korean for korean, _ in ROWS]
ALIASES = {row["한국어"]: [a.strip() for a in row.get("다른 이름", "").split(",") if a.strip()] for row in TABLE}


def _english_cases() -> list[tuple[str, str]]:
    """Every English term (single English words a reader types, such as ridge and
    Tikhonov, are other names of their terms: see the alias test)."""
    return sorted({english: korean for korean, english in ROWS if english}.items())


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The real site, built once per test session with ``mkdocs build --strict`` (conftest)."""
    return built_site


@pytest.fixture(scope="module")
def row_ids(site) -> dict[str, str]:
    """Korean term -> id of its row on the built glossary page."""
    html = (site / GLOSSARY_URL / "index.html").read_text(encoding="utf-8")
    ids = {}
    for m in re.finditer(r'<tr id="([^"]+)"[^>]*>\s*<td[^>]*>(.*?)</td>', html, re.S):
        ids[re.sub(r"<[^>]+>", "", m[2]).strip()] = m[1]
    return ids


def artificial_words(site: Path) -> set[str]:
    """Words of the hidden index fields that never occur as a word in the site's text."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    real, hidden = set(), set()
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).lower()
        real.update(re.findall(r"[0-9A-Za-z가-힣]+", text))
        hidden.update(doc.get("ko", "").split() + doc.get("def", "").split())
    return hidden - real


# ---------------------------------------------------------------- the search box

READ_RESULTS = """() => [...document.querySelectorAll('.md-search-result__list > li')].map(li =>
  [...li.children].filter(el => el.matches('a')).map(a => ({
    href: a.href,
    title: (a.querySelector('h1, h2') || {innerText: ''}).innerText,
    text: a.innerText,
    marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
    missing: [...a.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent),
  })))"""

WATCH_LIST = """() => {
  window.__rdRenders = 0;
  new MutationObserver(() => window.__rdRenders++)
    .observe(document.querySelector('.md-search-result__list'), {childList: true});
}"""


# The same typing as SearchBox._type, done inside the page for a list of queries: set the box's text,
# send the key-up Material searches on, wait for the result list to change, read it (READ_RESULTS).
TYPE_ALL = """async (queries) => {
  const input = document.querySelector('INPUT');
  const list = document.querySelector('.md-search-result__list');
  const read = READ_RESULTS;
  const type = (q) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { watch.disconnect(); reject(new Error('no results rendered for ' + q)); }, 10000);
    const watch = new MutationObserver(() => { watch.disconnect(); clearTimeout(timer); resolve(); });
    watch.observe(list, {childList: true});
    input.value = q;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
  });
  const out = [];
  for (const q of queries) {
    if (input.value === q) await type('zzqqxx');  // Material only searches when the text changes
    await type(q);
    out.push([q, read(), window.ridgedocSearchKo.normalise(q)]);
  }
  return out;
}""".replace("INPUT", INPUT).replace("READ_RESULTS", READ_RESULTS)


class SearchBox:
    """Material's search box on one open page; ``search`` types a query like a reader.

    ``prefetch`` types many queries in one go inside the page (the same box, Material's real
    worker and result list, one Playwright call instead of several per query); ``search`` and
    ``normalise`` then answer those queries from what the page showed. ``type_search`` always
    types with Playwright's keyboard (tests/test_search.py checks both give the same results).
    """

    def __init__(self, visit: PageVisit):
        self.visit = visit
        self.page = visit.page
        self.page.evaluate("window.ridgedocSearchKo.load()")
        self.page.evaluate(WATCH_LIST)
        self.page.locator(INPUT).focus()
        self.shown: dict[str, list[list[dict]]] = {}
        self.normalised: dict[str, str] = {}

    def prefetch(self, queries) -> None:
        todo = list(dict.fromkeys(q for q in queries if q not in self.shown))
        for query, results, normalised in self.page.evaluate(TYPE_ALL, todo):
            self.shown[query], self.normalised[query] = results, normalised

    def _type(self, query: str) -> None:
        before = self.page.evaluate("window.__rdRenders")
        box = self.page.locator(INPUT)
        box.fill(query)
        box.press("End")
        self.page.wait_for_function("n => window.__rdRenders > n", arg=before, timeout=10000)

    def search(self, query: str) -> list[list[dict]]:
        """Result items (each: the page link, then its best sections), in order."""
        if query in self.shown:
            return self.shown[query]
        return self.type_search(query)

    def type_search(self, query: str) -> list[list[dict]]:
        """``search`` typed with Playwright's keyboard, never from ``prefetch``."""
        if self.page.locator(INPUT).input_value() == query:
            self._type("zzqqxx")  # Material only searches when the text changes
        self._type(query)
        return self.page.evaluate(READ_RESULTS)

    def normalise(self, query: str) -> str:
        if query in self.normalised:
            return self.normalised[query]
        return self.page.evaluate("q => window.ridgedocSearchKo.normalise(q)", query)


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the module (Playwright's sync API runs one at a time)."""
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def box(site, chromium):
    """The search box of the real site's home page, with every query of this module's cases typed."""
    with serve(site) as base:
        visit = PageVisit(chromium, base, "")
        search_box = SearchBox(visit)
        search_box.prefetch(case_queries(site))
        yield search_box
        visit.close()


def where(link: dict) -> tuple[str, str]:
    """(page path without the leading slash, fragment) of a result link."""
    parts = urlsplit(link["href"])
    return unquote(parts.path).lstrip("/"), unquote(parts.fragment)


def check_first(results, page: str, section: str | None, query: str) -> None:
    assert results, f"{query!r}: no results"
    first = results[0]
    got = [where(link) for link in first[:2]]
    assert got[0][0] == page, f"{query!r}: first result is {got[0][0]!r}, not {page!r}; {got}"
    if section is not None:
        assert len(got) > 1 and got[1] == (page, section), (
            f"{query!r}: best section of {page!r} is {got[1:]}, expected #{section}"
        )


def check_readable(results, query: str, words: str, noise: set[str]) -> None:
    """Shown text has no hidden index words; every highlight holds a query word."""
    wanted = [w.lower() for w in re.findall(r"[0-9A-Za-z가-힣.]+", words)]
    for item in results[:5]:
        for link in item:
            shown = set(re.findall(r"[0-9A-Za-z가-힣]+", link["text"].lower()))
            leaked = sorted(shown & noise)
            assert not leaked, f"{query!r}: hidden index words shown: {leaked}"
            for mark in link["marks"]:
                # a mark holds a query word, or is the stem lunr made of one (optim of optimizer)
                assert any(w in mark.lower() or (len(mark) >= 4 and w.startswith(mark.lower())) for w in wanted), (
                    f"{query!r}: highlight {mark!r} holds none of {wanted}"
                )


@pytest.fixture(scope="module")
def noise(site) -> set[str]:
    words = artificial_words(site)
    assert words, "no hidden helper words in the index: is the ridgedoc plugin in mkdocs.yml?"
    return words


# ---------------------------------------------------------------- glossary terms


def test_glossary_has_terms():
    """docs/glossary.md has a table of terms for the tests below to search for."""
    assert len(TERMS) >= 10, TERMS
    assert len(set(TERMS)) == len(TERMS), "a glossary term is listed twice"


@pytest.mark.parametrize("family", [None, *PARTICLES])
@pytest.mark.parametrize("term", TERMS)
def test_glossary_term_finds_its_row_first(box, row_ids, noise, term, family):
    """The bare term, and the term with a common particle, lead to its glossary row."""
    query = term if family is None else with_particle(term, family)
    assert term in row_ids, f"no row id for {term!r} on the built glossary page"
    results = box.search(query)
    check_first(results, GLOSSARY_URL, row_ids[term], query)
    check_readable(results, query, box.normalise(query), noise)
    row = results[0][1]
    assert row["marks"], f"{query!r}: nothing highlighted in the glossary row"
    assert not row["missing"], f"{query!r}: the row lists {row['missing']} as missing words"


@pytest.mark.parametrize(("query", "term"), _english_cases())
def test_english_term_finds_its_row_first(box, row_ids, noise, query, term):
    """English terms (weight decay, ridge, Tikhonov, ...) lead to the Korean term's row."""
    results = box.search(query)
    check_first(results, GLOSSARY_URL, row_ids[term], query)
    check_readable(results, query, query, noise)


def _alias_cases() -> list[tuple[str, str]]:
    """(query, term): every other name of the glossary, bare, with a particle, and
    (for a name of two Korean words) typed without its space."""
    cases: dict[str, str] = {}
    for term, names in ALIASES.items():
        for name in names:
            cases.setdefault(name, term)
            if re.fullmatch(r"[가-힣]+(?: [가-힣]+)*", name):
                cases.setdefault(with_particle(name, "을/를"), term)
                if " " in name:
                    cases.setdefault(name.replace(" ", ""), term)
    return sorted(cases.items())


def test_other_names_are_listed():
    """The glossary lists other names (다른 이름) for its terms, no name under two terms."""
    names = [name for names in ALIASES.values() for name in names]
    assert len(names) >= 40, names
    owners = {}
    for term, names_of in ALIASES.items():
        for name in names_of:
            assert name not in TERMS, f"{name!r} is a term of its own and an other name of {term!r}"
            owners.setdefault(name, []).append(term)
    assert not [n for n, t in owners.items() if len(t) > 1], {n: t for n, t in owners.items() if len(t) > 1}


@pytest.mark.parametrize(("query", "term"), _alias_cases())
def test_other_name_finds_the_terms_row_first(box, row_ids, noise, query, term):
    """A term's other name (규제, 고유값, SGD, ...), also with a particle or without its
    space, leads to the term's glossary row, which shows the name it matched."""
    results = box.search(query)
    check_first(results, GLOSSARY_URL, row_ids[term], query)
    check_readable(results, query, box.normalise(query), noise)


def _inner_only_parts(site: Path) -> list[tuple[str, str]]:
    """(term, part): the longest inner part of a term's word that the site never starts a word with.

    Such a part can only be found inside a compound (정부호 in 준정부호). Parts that
    also sit inside another glossary term are left out (their first place is shared).
    """
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = "\n".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in index["docs"])
    cases = []
    for term in TERMS:
        for word in term.split():
            if not re.fullmatch(r"[가-힣]{3,}", word):
                continue
            for i in range(1, len(word) - 1):
                part = word[i:]
                elsewhere = [t for t in TERMS if t != term and (part in t or any(part in a for a in ALIASES[t]))]
                if not elsewhere and not re.search(r"(?<![가-힣])" + part, text):
                    cases.append((term, part))
                    break
    return cases


def test_mid_compound_queries(site, box, row_ids, noise):
    """A word found only inside compounds (정부호 in 준정부호), bare or with a particle,
    leads to the term's row, and the result marks it inside the compound."""
    cases = _inner_only_parts(site)
    assert len(cases) >= 3, cases
    for term, part in cases:
        for query in (part, with_particle(part, "을/를")):
            results = box.search(query)
            check_first(results, GLOSSARY_URL, row_ids[term], query)
            check_readable(results, query, part, noise)
            row = results[0][1]
            assert part in row["marks"], f"{query!r}: {part!r} not marked in {row}"


# ---------------------------------------------------------------- equation numbers


def _displayed_at(site: Path, number: str) -> tuple[str, str]:
    """(page, section id) where equation ``number`` is displayed (its ``eq-`` anchor)."""
    anchor = "eq-" + number.replace(".", "-")
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        at = html.find(f'id="{anchor}"')
        if at >= 0:
            headings = re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', html[:at])
            page = path.parent.relative_to(site).as_posix()
            return ("" if page == "." else page + "/"), headings[-1]
    raise AssertionError(f"equation ({number}) is displayed nowhere in the built site")


def equation_numbers() -> list[str]:
    """Every equation number tagged in the pages (``\\tag{7.x}``), not counting code blocks."""
    found = set()
    fence = re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.S | re.M)  # code shown on a page (the contributor guide's log lines)
    for path in (ROOT / "docs").rglob("*"):
        if path.suffix in (".md", ".ipynb"):
            text = fence.sub("", path.read_text(encoding="utf-8")) if path.suffix == ".md" else path.read_text(encoding="utf-8")
            found.update(re.findall(r"\\tag\{(\d+(?:\.\d+)+)\}", text))
    return sorted(found, key=lambda n: [int(x) for x in n.split(".")])


EQUATION_CASES = [(n, n) for n in equation_numbers()] + [("(7.10)", "7.10"), ("식 (7.10)", "7.10"), ("(7.1)", "7.1")]


@pytest.mark.parametrize(("query", "number"), EQUATION_CASES)
def test_equation_number_finds_its_display_first(site, box, noise, query, number):
    """An equation number leads to the section that displays the equation
    (7.1 to (7.1), not to (7.14)-(7.17) which start the same)."""
    page, section = _displayed_at(site, number)
    results = box.search(query)
    check_first(results, page, section, query)
    check_readable(results, query, number + " 식", noise)
    assert number in results[0][1]["marks"], results[0][1]


# ---------------------------------------------------------------- typed one by one, or in one go

NO_ERROR_QUERIES = ("가중치를", "정부호", "7.10", "ridge")


def case_queries(site: Path) -> list[str]:
    """Every query the real-site cases of this module type (``box`` types them in one go)."""
    queries = [term if family is None else with_particle(term, family) for term in TERMS for family in [None, *PARTICLES]]
    queries += [query for query, _ in _english_cases()] + [query for query, _ in _alias_cases()]
    queries += [part for _, p in _inner_only_parts(site) for part in (p, with_particle(p, "을/를"))]
    queries += [query for query, _ in EQUATION_CASES] + list(NO_ERROR_QUERIES)
    queries += [query for query, _ in NORMALISATION_CASES]
    return queries


def representative_queries(site: Path) -> list[str]:
    """A term bare and with each particle family, English terms, other names (with a particle,
    without the space), inner parts of compounds, equation numbers, and a query typed twice."""
    term, (english, _), aliases = TERMS[0], _english_cases()[0], _alias_cases()
    spaced = next(q for q, _ in aliases if " " in q and q.replace(" ", "") in dict(aliases))
    (_, part), *_ = _inner_only_parts(site)
    return [term, *(with_particle(term, f) for f in PARTICLES), english, _english_cases()[-1][0], aliases[0][0],
            spaced, spaced.replace(" ", ""), part, with_particle(part, "을/를"), "7.10", "(7.1)", "식 (7.10)", term, term]


def test_typed_queries_give_what_the_batch_gave(site, box):
    """Typed with Playwright's keyboard one at a time, representative queries show exactly the results
    that typing them in one go inside the page showed (which the cases above read)."""
    queries = representative_queries(site)
    assert len(queries) >= 15 and not [q for q in queries if q not in box.shown], [q for q in queries if q not in box.shown]
    for query in queries:
        assert box.type_search(query) == box.shown[query], query


# ---------------------------------------------------------------- words that are not particles

NORMALISATION_CASES = [
    ("가중치를", "가중치^10 가중치"),
    ("정칙화의", "정칙화^10 정칙화"),
    ("정칙화란", "정칙화^10 정칙화"),
    ("고윳값 분해로", "고윳값^10 고윳값 분해^10 분해"),
    ("고유 벡터를", "고유벡터^10 고유벡터"),
    ("경사하강법", "경사^10 경사 하강법^10 하강법"),
    ("규제를", "규제^10 규제"),
    ("AdamW를", "adamw^10 adamw"),
    ("weight decay", "weight decay"),
    ("7.10", "7.10^10 7.10"),
]


@pytest.mark.parametrize(("query", "expected"), NORMALISATION_CASES)
def test_query_normalisation(box, query, expected):
    """What the worker is asked for: a glossary name, spelled any way and with a particle,
    becomes the name the index knows (a one-word name also exactly, boosted); the rest stays."""
    assert box.normalise(query) == expected


def test_no_errors_and_nothing_external(box):
    """Searching logged no errors and asked no other host for anything."""
    for query in NO_ERROR_QUERIES:
        assert box.search(query)
    assert box.visit.console_errors == [] and box.visit.page_errors == []
    assert box.visit.external == [] and box.visit.failed == []


# ---------------------------------------------------------------- a small site of our own

SMALL = {
    "index.md": "# 시작\n\n가중치는 학습으로 정합니다. 벡터의 길이는 0 이상입니다. 길이를 잽니다.\n",
    "decay.md": "# 규칙\n\n매 걸음 가중치감쇠를 적용합니다.\n",
    "descent.md": "# 내려가기\n\n경사 하강법은 기울기의 반대 방향으로 갑니다.\n",
}


@pytest.fixture(scope="module")
def small_box(tmp_path_factory, chromium):
    """A three-page copy of the site (same config, hooks and scripts) in Chromium."""
    root = tmp_path_factory.mktemp("small")
    config = make_project(root / "proj", SMALL)
    proc = build_site(root / "site", config=config)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    with serve(root / "site") as base:
        visit = PageVisit(chromium, base, "")
        yield SearchBox(visit)
        visit.close()


@pytest.mark.parametrize(
    ("query", "page"),
    [("감쇠", "decay/"), ("감쇠를", "decay/"), ("가중치감쇠", "decay/"), ("경사하강법", "descent/")],
)
def test_compounds_on_a_small_site(small_box, query, page):
    """감쇠 inside 가중치감쇠 is found, also with a particle; a compound typed without
    its space (경사하강법) finds the spaced words (경사 하강법)."""
    results = small_box.search(query)
    check_first(results, page, None, query)
    shown = " ".join(link["text"] for link in results[0])
    assert "가중치감쇠를" in shown or "경사 하강법" in shown, shown


def test_inner_match_is_marked_readably(small_box):
    """The result for 감쇠 shows the sentence with 감쇠 marked inside 가중치감쇠."""
    results = small_box.search("감쇠")
    marks = [m for link in results[0] for m in link["marks"]]
    assert marks == ["감쇠"], marks
    assert "매 걸음 가중치감쇠를 적용합니다." in " ".join(link["text"] for link in results[0])


@pytest.mark.parametrize(
    ("query", "expected"),
    [("길이", "길이"), ("길이를", "길이"), ("가중치는", "가중치"), ("감쇠를", "감쇠"), ("경사하강법", "경사 하강법")],
)
def test_particles_come_off_known_words_only(small_box, query, expected):
    """길이 is a word (not 길 + 이); 가중치는 is 가중치 + 는; 감쇠를 is 감쇠 + 를."""
    assert small_box.normalise(query) == expected

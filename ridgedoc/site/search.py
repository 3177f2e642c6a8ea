"""Korean-aware site search, built inside Material for MkDocs' search plugin.

lunr (Material's search engine) has no Korean morphology: a query matches the start
of a space-separated word, so ``가중치를`` (with the object particle) or ``감쇠``
inside the compound ``가중치감쇠`` found nothing, and a reader who knows a concept
by another name (규제 for 정칙화, 고유값 for 고윳값, SGD) found nothing either. We
keep Material's search (its worker, result list and highlighting) and shape what it
indexes while it indexes:

- at page time (:meth:`KoreanSearch.page_content`, from the ridgedoc plugin's
  ``on_page_content``, before Material reads the page): each glossary row
  (``docs/glossary.md``: a table with the columns 한국어 | 영어 | 다른 이름 | 한 줄 뜻
  | 처음 나오는 곳) gets an ``id``; the table is kept out of the page's own entry
  with ``data-search-exclude`` (Material removes the attribute after indexing).
  Numbered equation displays (``eq-7-x``) are noted with the section that shows them.
- :class:`KoreanSearchIndex` is Material's own ``SearchIndex`` with two methods
  extended; the ridgedoc plugin installs it as the search plugin's index in
  ``on_pre_build`` (see there). As Material adds a page's sections
  (``add_entry_from_context``), glossary rows become entries of their own
  (``glossary/#<row id>``, titled "term (English)", the one-line definition and
  the other names as text) and a hidden field ``def`` is filled with the words the
  entry defines: the term, its English name, its other names (boost 10 000, above a
  title's 1000, so the defining place of a term comes first). The section that
  displays equation (7.x) gets ``7.x`` in its ``def``. When Material writes the
  index (``generate_search_index``), every entry gets a hidden field ``ko``: its
  Hangul words without particles (``가중치를`` -> ``가중치``) and their inner
  endings of length >= 2 (``가중치감쇠`` -> ``중치감쇠``, ``치감쇠``, ``감쇠``).
  lunr matches query prefixes, so an inner ending makes a mid-word query match.
  Material's result list shows only ``title`` and ``text``: readers never see the
  helper words.

The ridgedoc plugin then writes ``search/search_ko.json`` (the particle list, the
stems a particle may come off, and the vocabulary of known words). The query side, ``docs/javascripts/search-ko-core.js``,
uses it in Material's search worker (``overrides/assets/javascripts/workers/``) to
turn any spelling of a glossary name (spaced or not, with a particle) into the words
the index knows (:func:`name_spellings`), to strip a particle from a query word when
what remains is a known word, and to split a compound that matches nothing into
known words (``경사하강법`` -> ``경사 하강법``).

Particles are stripped only when what remains is a known word of the site, so
``길이`` (length) stays ``길이``. This module is the build side's one implementation
of that rule (:func:`known_stems`, :func:`base_form`); ``tests/test_search_logic.py``
checks that the query side agrees with it word for word.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections import defaultdict
from pathlib import Path

from material.plugins.search.plugin import SearchIndex

from . import htmlscan

log = logging.getLogger("mkdocs.plugins.ridgedoc.search")

__all__ = [
    "KoreanSearch", "KoreanSearchIndex", "alias_names", "base_form", "def_tokens", "known_stems", "ko_tokens",
    "compact", "english_names", "glossary_names", "name_spellings", "query_data",
]

GLOSSARY_SRC = "glossary.md"
KO_PATH = ("search", "search_ko.json")

# Hidden fields: morphology helpers (weight like body text) and "this entry defines
# these words" (above a title's 1000, so the defining place wins over a title that
# merely contains the word). Set as defaults of the search plugin's ``fields``.
FIELDS = {"ko": {"boost": 1.0}, "def": {"boost": 10000.0}}

# Glossary columns, found by their header (a header cell that contains the word).
COLUMNS = {"korean": "한국어", "english": "영어", "aliases": "다른 이름", "definition": "뜻"}

# Common Korean particles (josa), longest first so 에서는 wins over 는.
PARTICLES = sorted(
    {
        "을", "를", "은", "는", "이", "가", "의", "에", "로", "으로", "와", "과", "도", "만",
        "에서", "에게", "까지", "부터", "처럼", "보다", "마다", "이나", "이란", "란", "라는", "이라는",
        "라고", "이라고",
        "에는", "에도", "에서는", "에서의", "으로는", "로는", "으로의", "로의", "과의", "와의",
        "과는", "와는", "으로서", "로서", "으로써", "로써",
    },
    key=lambda p: (-len(p), p),
)

_HANGUL_RE = re.compile(r"[가-힣]+")
_WORD_RE = re.compile(r"[0-9A-Za-z가-힣]+(?:\.[0-9]+)*")

_TAG_EQ_RE = re.compile(r"\\tag\{(\d+(?:\.\d+)+)\}")
_EN_FUNCTION_WORDS = {"a", "an", "and", "for", "in", "of", "or", "the", "to"}



# ---------------------------------------------------------------- Korean words


def _plain(markup: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    return " ".join(run.text for run in htmlscan.scan(markup).texts)


def _split_particle(word: str):
    """Yield (stem, particle) for every particle the word ends with (longest first)."""
    for particle in PARTICLES:
        if len(word) > len(particle) and word.endswith(particle):
            yield word[: -len(particle)], particle


def known_stems(words) -> set[str]:
    """The words of the site a particle may not be taken from.

    A stem is known if the site shows it carrying a particle: one of two or more
    syllables with any particle (가중치감쇠를 -> 가중치감쇠), one of one syllable (수, 값)
    with two different particles, so that 길이 (length) is not read as 길 + 이. A word of
    two or more syllables is known as well, unless it is a known stem with a particle
    after it (가중치를 is 가중치 + 를). Reading too much as a particle only widens a
    search (a query is a prefix), never narrows it.
    """
    words = set(words)
    endings: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for stem, particle in _split_particle(word):
            endings[stem].add(particle)
    stems = {s for s, ps in endings.items() if len(s) >= 2 or len(ps) >= 2}
    plain = {w for w in words if len(w) >= 2 and not any(s in stems for s, _ in _split_particle(w))}
    return stems | plain


def base_form(word: str, known: set[str]) -> str:
    """The word without its particle: a known word stays, else the longest particle
    whose stem is known comes off (강도 stays 강도; 가중치를 -> 가중치)."""
    if word in known:
        return word
    for stem, _ in _split_particle(word):
        if stem in known:
            return stem
    return word


def ko_tokens(text: str, known: set[str]) -> list[str]:
    """The hidden ``ko`` words of a text: base forms and their inner endings (>= 2)."""
    out: dict[str, None] = {}
    for run in _HANGUL_RE.findall(text):
        base = base_form(run, known)
        if len(base) >= 2 or base in known:
            out[base] = None
        for i in range(1, len(base) - 1):
            out[base[i:]] = None
    return list(out)


def alias_names(cell: str) -> list[str]:
    """The other names in a glossary cell: comma-separated, blanks and dashes dropped."""
    return [name.strip() for name in cell.split(",") if name.strip() and name.strip() not in {"-", "—"}]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text) if w.lower() not in _EN_FUNCTION_WORDS]


def compact(name: str) -> str:
    """A name as one search key: lower case, without spaces (고유 값 -> 고유값)."""
    return "".join(_words(name))


def english_names(english: str) -> list[str]:
    """The names in a glossary row's English cell.

    Commas separate names; a parenthesised abbreviation is a name of its own
    (``singular value decomposition (SVD)`` -> both); another parenthesis qualifies
    the name it follows (``bias (of an estimator)`` is one name).
    """
    names = []
    for part in english.split(","):
        abbreviations = re.findall(r"\(\s*([A-Z][A-Z0-9]+)\s*\)", part)
        part = re.sub(r"\(\s*[A-Z][A-Z0-9]+\s*\)", " ", part).strip()
        names += [n for n in [part, *abbreviations] if _words(n)]
    return names


def name_spellings(korean: str, english: str, aliases) -> dict[str, str]:
    """Search key (:func:`compact`) -> the words the query side asks for, for each name of a row.

    The term and its spacing variants ask for the term's words as the pages spell them
    (경사하강법 -> 경사 하강법), so pages match as well; every other name asks for its own
    words (학습오차 -> 학습 오차), which :func:`def_tokens` indexes.
    """
    term_key = compact(korean)
    out = {term_key: " ".join(_words(korean))}
    for name in [*english_names(english), *aliases]:
        key = compact(name)
        if key and key not in out:
            out[key] = " ".join(_words(name))
    return out


def def_tokens(korean: str, english: str, aliases=()) -> list[str]:
    """Hidden ``def`` words of a glossary entry.

    The words of each name of the row, a word of a one-word name three times, of a
    two-word name twice, of a longer name once (a word shared by several names counts
    at its highest, not their sum), so that the entry a word names outranks the entries
    whose longer names contain it (고윳값 before 고윳값 분해, "singular value" before
    "singular value decomposition"). A spacing variant of the term
    adds nothing (the query side asks for the term). The inner endings (>= 2
    syllables) of the term's Korean words follow once, for mid-word queries.

    The query side asks for each Korean word of a recognised name exactly and boosted
    (search-ko-core.js), so these exact words decide the order, not the many words
    that merely start with a query word (lunr matches prefixes and adds them up).
    """
    weights: dict[str, int] = {}

    def add(words: list[str]) -> None:
        for word in words:
            weights[word] = max(weights.get(word, 0), max(1, 4 - len(words)))

    term_key = compact(korean)
    add(_words(korean))
    for name in [*english_names(english), *aliases]:
        if name in aliases and compact(name) == term_key:
            continue
        add(_words(name))
    tokens = [w for w, n in weights.items() for _ in range(n)]
    for word in _words(korean):
        if _HANGUL_RE.fullmatch(word):
            tokens += [e for e in (word[i:] for i in range(1, len(word) - 1)) if e not in weights]
    return tokens


# ---------------------------------------------------------------- pages


def _section_id(doc: htmlscan.Scan, pos: int) -> str | None:
    """Id of the last heading before ``pos`` (the search section that holds it)."""
    ids = [el.attrs["id"] for el in doc.elements
           if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and el.attrs.get("id") and el.start < pos]
    return ids[-1] if ids else None


def _cell_text(doc: htmlscan.Scan, cell: htmlscan.Element) -> str:
    text = " ".join(run.text for run in doc.texts if cell.inner_start <= run.start and run.end <= cell.inner_end)
    return re.sub(r"\s+", " ", text).strip()


def _columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index of each field, from the header cells; problems if a needed one is missing."""
    found = {}
    for field, word in COLUMNS.items():
        at = [i for i, h in enumerate(headers) if word in h]
        if at:
            found[field] = at[0]
    missing = [COLUMNS[f] for f in ("korean", "definition") if f not in found]
    return found, ([f"the glossary table has no column {', '.join(missing)} (headers: {headers})"] if missing else [])


def glossary_rows(content: str, slugify) -> tuple[str, list[dict], str | None, list[str]]:
    """Give each glossary row an id and keep the table out of the page's search entry.

    Columns are found by their headers (:data:`COLUMNS`). Returns the page, the rows
    (id, korean, english, aliases, definition), the id of the section that holds the
    table, and problems.
    """
    replacements, rows, section, problems = glossary_replacements(htmlscan.scan(content), slugify)
    return htmlscan.splice(content, replacements), rows, section, problems


def glossary_replacements(doc: htmlscan.Scan, slugify) -> tuple[list, list[dict], str | None, list[str]]:
    """:func:`glossary_rows` on a scanned page: ``(start, end, new)`` spans instead of the page."""
    tables = doc.find("table")
    if not tables:
        return [], [], None, ["no table found; search cannot index the glossary terms"]
    table = tables[0]
    columns, problems = _columns([_cell_text(doc, th) for th in doc.find("th", within=table)])
    if problems:
        return [], [], None, problems
    used = {el.attrs["id"] for el in doc.elements if el.attrs.get("id")}
    rows, replacements = [], [(table.start, table.start + len("<table"), '<table data-search-exclude="glossary"')]
    for tr in doc.find("tr", within=table):
        cells = [_cell_text(doc, td) for td in doc.find("td", within=tr)]
        if len(cells) < len(columns):
            continue  # the header row
        row = {field: cells[i] for field, i in columns.items()}
        if not row["korean"]:
            continue
        inner_ids = [el.attrs["id"] for el in doc.find(attr="id", within=tr)]
        if tr.attrs.get("id") or inner_ids:
            row_id = tr.attrs.get("id") or inner_ids[0]
        else:
            row_id = base = slugify(row["korean"], "-") or "term"
            n = 1
            while row_id in used:
                n += 1
                row_id = f"{base}-{n}"
            used.add(row_id)
            replacements.append((tr.start, tr.start + len("<tr"), f'<tr id="{row_id}"'))
        rows.append({"id": row_id, "korean": row["korean"], "english": row.get("english", ""),
                     "aliases": alias_names(row.get("aliases", "")), "definition": row["definition"]})
    return replacements, rows, _section_id(doc, table.start), []


def equation_sections(content: str | htmlscan.Scan) -> dict[str | None, list[str]]:
    """Which section (heading id) displays which numbered equation (``\\tag`` in a display's TeX).

    Read from the page as rendered, before :func:`.equations.anchor_equations` moves a
    single tag out of the TeX.
    """
    doc = htmlscan.as_scan(content)
    found: dict[str | None, dict[str, None]] = defaultdict(dict)
    for el in doc.find("div", cls="arithmatex"):
        for number in _TAG_EQ_RE.findall(doc.inner(el)):
            found[_section_id(doc, el.start)][number] = None
    return {k: list(v) for k, v in found.items()}


# ---------------------------------------------------------------- the index


def glossary_entry(page_url: str, row: dict) -> dict:
    """The search entry of one glossary row: its own location, definition and other names."""
    title = row["korean"] + (f" ({row['english']})" if row["english"] else "")
    text = f"<p>{html.escape(row['definition'], quote=False)}</p>"
    if row["aliases"]:
        text += f"<p>다른 이름: {html.escape(', '.join(row['aliases']), quote=False)}</p>"
    return {
        "location": f"{page_url}#{row['id']}",
        "title": html.escape(title, quote=False),
        "text": text,
        "def": " ".join(def_tokens(row["korean"], row["english"], row["aliases"])),
    }


def shape_page_entries(entries: list[dict], page_url: str, glossary: dict | None,
                       equations: dict[str | None, list[str]]) -> list[dict]:
    """One page's entries as Material made them, with the glossary rows and equation numbers added.

    Glossary rows go right after the entry of the section that held the table; the
    entry of the section that displays equation (7.x) gets ``7.x`` in its ``def``.
    """
    entries = [dict(e) for e in entries]
    locations = {e["location"] for e in entries}

    def at(section: str | None) -> dict | None:
        loc = f"{page_url}#{section}" if section else page_url
        loc = loc if loc in locations else page_url
        return next((e for e in entries if e["location"] == loc), None)

    for section, numbers in equations.items():
        entry = at(section)
        if entry is not None:
            entry["def"] = " ".join([*entry.get("def", "").split(), *numbers])
    if glossary:
        anchor = at(glossary["section"])
        i = entries.index(anchor) + 1 if anchor is not None else len(entries)
        rows = [glossary_entry(page_url, row) for row in glossary["rows"]]
        entries[i:i] = [e for e in rows if e["location"] not in locations]
    return entries


def add_ko_fields(entries: list[dict], every: list[dict]) -> tuple[set[str], set[str]]:
    """Give each entry its ``ko`` field; known words come from ``every`` entry of the site.

    Returns what the query side needs: the stems a particle may come off (the site's
    known words and the two-syllable-or-longer words of ``def``, such as the other
    names of glossary terms) and the vocabulary (every ``ko`` word and those ``def``
    words: the words a query may be split into).
    """
    words = [w for d in every for w in _HANGUL_RE.findall(_plain(d["title"] + " " + d["text"]))]
    known = known_stems(words)
    for entry in entries:
        entry["ko"] = " ".join(ko_tokens(_plain(entry["title"] + " " + entry["text"]), known))
    vocab: set[str] = set()
    for entry in every:
        vocab.update(entry.get("ko", "").split())
        vocab.update(t for t in entry.get("def", "").split() if len(t) >= 2 and _HANGUL_RE.fullmatch(t))
    return known | vocab, vocab


def query_data(stems: set[str], vocab: set[str], names: dict[str, str] | None = None) -> dict:
    """What ``search/search_ko.json`` holds for the query side (search-ko-core.js).

    ``names``: search key -> what to ask for (:func:`name_spellings`); their Korean
    words join the stems and the vocabulary, so that 놈을 loses its particle.
    """
    names = names or {}
    words = {w for key, spelling in names.items() for w in [key, *spelling.split()] if _HANGUL_RE.fullmatch(w)}
    return {"particles": PARTICLES, "stems": sorted(stems | words), "vocab": sorted(vocab | words),
            "names": dict(sorted(names.items())), "skip": sorted(_EN_FUNCTION_WORDS)}


def glossary_names(glossary: dict[str, dict]) -> dict[str, str]:
    """Every name of every glossary row (key -> what to ask for); the first row wins a key."""
    names: dict[str, str] = {}
    for info in glossary.values():
        for row in info["rows"]:
            for key, spelling in name_spellings(row["korean"], row["english"], row["aliases"]).items():
                names.setdefault(key, spelling)
    return names


class KoreanSearchIndex(SearchIndex):
    """Material's search index, shaping each page's entries as Material adds them.

    Material's ``SearchIndex`` (``material.plugins.search.plugin``) is the class the
    theme documents as its "search index with support for additional fields"; we
    extend its two public methods and keep their contracts: ``add_entry_from_context``
    appends a page's entries to ``self.entries``, and ``generate_search_index`` returns
    the index as JSON (Material merges the previous build's entries under
    ``mkdocs serve --dirty``, so entries it kept from then already carry ``ko``).
    """

    def __init__(self, korean: KoreanSearch, **config):
        fields = config.setdefault("fields", {})
        for name, spec in FIELDS.items():
            fields.setdefault(name, dict(spec))
        super().__init__(**config)
        self.korean = korean
        self.stems: set[str] = set()
        self.vocab: set[str] = set()

    def add_entry_from_context(self, page):
        before = len(self.entries)
        shown = page.content
        page.content = self.korean.search_content.get(page.url, shown)  # TeX, not the rendered math
        try:
            super().add_entry_from_context(page)
        finally:
            page.content = shown
        self.entries[before:] = shape_page_entries(
            self.entries[before:], page.url, self.korean.glossary.get(page.url),
            self.korean.equations.get(page.url, {}),
        )

    def generate_search_index(self, prev):
        every = self.entries + (prev.entries if prev else [])
        self.stems, self.vocab = add_ko_fields([e for e in self.entries if "ko" not in e], every)
        return super().generate_search_index(prev)


class KoreanSearch:
    """What one build learns from its pages for search (glossary rows, equation sections)."""

    def __init__(self, slugify, keep: KoreanSearch | None = None):
        self.slugify = slugify
        # keep: the previous build's, whose glossary rows stand until the glossary is rendered again
        self.glossary: dict[str, dict] = dict(keep.glossary) if keep is not None else {}
        self.equations: dict[str, dict] = {}
        self.search_content: dict[str, str] = {}
        self.index: KoreanSearchIndex | None = None

    def learn(self, page_url: str, sections: dict, glossary: dict | None, search_content: str | None = None) -> None:
        """What a page's transform (:func:`.pages.transform`) found: equation sections, glossary rows,
        and the page as it is indexed (``search_content``: TeX where the page shows rendered math)."""
        self.equations[page_url] = sections
        if search_content is not None:
            self.search_content[page_url] = search_content
        if glossary is not None:
            self.glossary[page_url] = glossary

    def install(self, search_plugin) -> None:
        """Make ``search_plugin`` (Material's, after its ``on_config``) index through us.

        Material's plugin builds its index object in ``on_config`` and uses it in
        ``on_page_context`` and ``on_post_build``; we replace that object with a
        :class:`KoreanSearchIndex` of the same configuration before any page is read.
        """
        index = search_plugin.search_index
        if isinstance(index, KoreanSearchIndex):
            return
        self.index = KoreanSearchIndex(self, **index.config)
        search_plugin.search_index = self.index

    def post_build(self, site_dir: str) -> None:
        """Write the query side's data (particles, vocabulary) next to Material's index."""
        if self.index is None:  # search plugin disabled
            return
        path = Path(site_dir).joinpath(*KO_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(query_data(self.index.stems, self.index.vocab, glossary_names(self.glossary)),
                                   ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

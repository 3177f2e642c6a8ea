"""Korean-aware site search (Material for MkDocs' lunr search).

lunr has no Korean morphology: a query matches the start of a space-separated word,
so ``가중치를`` (with the object particle) or ``감쇠`` inside the compound
``가중치감쇠`` found nothing. This hook keeps Material's search (its worker, its
result list, its highlighting) and only enriches what it searches, at build time:

- at page time (:meth:`KoreanSearch.page_content`): each glossary row
  (``docs/glossary.md``: a table of Korean term | English | definition | where it
  is introduced) gets an ``id`` and later its own search entry; the table itself is
  kept out of the index with ``data-search-exclude`` (as the theme override does for
  the printed page address and the citation box), which Material removes from the
  page after indexing. Numbered equation displays (``eq-7-x``) are noted with the
  section that shows them.
- after the build (:meth:`KoreanSearch.post_build`, after Material's search plugin
  wrote its index): rewrites ``site/search/search_index.json``:

  * every entry gets a hidden field ``ko``: its Hangul words without particles
    (``가중치를`` -> ``가중치``) and every inner ending of length >= 2 of those words
    (``가중치감쇠`` -> ``중치감쇠``, ``치감쇠``, ``감쇠``). lunr matches query prefixes,
    so an inner ending makes a mid-word query match;
  * glossary rows become entries ``glossary/#<row id>`` titled "term (English)"
    whose text is the one-line definition; a hidden field ``def`` holds the words the
    entry defines (Korean and English term, boost 10 000), and the section that
    displays equation (7.x) gets ``7.x`` in its ``def``. So the defining place of a
    glossary term or an equation number comes first;
  * the two fields are added to the index's ``fields`` so Material's worker indexes
    them; its result list only shows ``title`` and ``text``, so these helper words
    are never shown to readers.

  It also writes ``site/search/search_ko.json`` (the particle list and the
  vocabulary of known words) for ``docs/javascripts/search-ko.js``, which strips a
  particle from a query word before the query reaches the worker
  (``가중치를`` -> ``가중치`` when ``가중치`` is a known word) and splits a compound
  that matches nothing into known words (``경사하강법`` -> ``경사 하강법``).

Particles are stripped only when what remains is a known word of the site, so
``길이`` (length) stays ``길이``.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections import defaultdict
from pathlib import Path

from . import htmlscan

log = logging.getLogger("mkdocs.plugins.ridgedoc.search")

__all__ = ["KoreanSearch", "base_form", "def_tokens", "known_stems", "ko_tokens", "rewrite_index"]

GLOSSARY_SRC = "glossary.md"
INDEX_PATH = ("search", "search_index.json")
KO_PATH = ("search", "search_ko.json")

# Hidden fields: morphology helpers (weight like body text) and "this entry defines
# these words" (above a title's 1000, so the defining place wins over a title that
# merely contains the word).
FIELDS = {"ko": {"boost": 1.0}, "def": {"boost": 10000.0}}

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
_NUMBER_RE = re.compile(r"\((\d+(?:\.\d+)+)\)")
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
    """Stems the site itself shows to be words.

    A stem of two or more syllables is known if it occurs on its own or with a
    particle (가중치감쇠를 -> 가중치감쇠); a one-syllable stem (수, 값) only with two
    different particles, so that 길이 (length) is not read as 길 + 이. Reading too
    much as a particle only widens a search (a query is a prefix), never narrows it.
    """
    words = set(words)
    endings: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for stem, particle in _split_particle(word):
            endings[stem].add(particle)
    known = {s for s, ps in endings.items() if len(s) >= 2 or len(ps) >= 2}
    known |= {w for w in words if len(w) >= 2}
    return known


def base_form(word: str, known: set[str]) -> str:
    """The word without its particle, if what remains is a known word."""
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


def _weighted(words: list[str]) -> list[str]:
    """Repeat each word of a term so that a one-word term outranks longer ones.

    lunr scores a term by its frequency (saturating); with no length normalisation
    (Material sets ``b = 0``) this is how "고윳값" ranks the entry 고윳값 above the
    entry 고윳값 분해 for the query 고윳값.
    """
    times = 3 if len(words) == 1 else 2
    return [w for w in words for _ in range(times)]


def def_tokens(korean: str, english: str) -> list[str]:
    """Hidden ``def`` words of a glossary entry: its terms and their inner endings."""
    ko_words = [w.lower() for w in _WORD_RE.findall(korean)]
    first, _, rest = english.partition(",")
    en_words = [w.lower() for w in _WORD_RE.findall(first) if w.lower() not in _EN_FUNCTION_WORDS]
    en_rest = [w.lower() for w in _WORD_RE.findall(rest) if w.lower() not in _EN_FUNCTION_WORDS]
    tokens = _weighted(ko_words) + _weighted(en_words) + en_rest
    for word in ko_words:
        if _HANGUL_RE.fullmatch(word):
            tokens += [word[i:] for i in range(1, len(word) - 1)]
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


def glossary_rows(content: str, slugify) -> tuple[str, list[dict], str | None, list[str]]:
    """Give each glossary row an id and keep the table out of the page's search entry.

    Returns the page, the rows (id, korean, english, definition), the id of the section
    that holds the table, and problems.
    """
    doc = htmlscan.scan(content)
    tables = doc.find("table")
    if not tables:
        return content, [], None, ["no table found; search cannot index the glossary terms"]
    table = tables[0]
    used = {el.attrs["id"] for el in doc.elements if el.attrs.get("id")}
    rows, replacements = [], [(table.start, table.start + len("<table"), '<table data-search-exclude="glossary"')]
    for tr in doc.find("tr", within=table):
        cells = [_cell_text(doc, td) for td in doc.find("td", within=tr)]
        if len(cells) < 3 or not cells[0]:
            continue  # the header row, or not a term
        inner_ids = [el.attrs["id"] for el in doc.find(attr="id", within=tr)]
        if tr.attrs.get("id") or inner_ids:
            row_id = tr.attrs.get("id") or inner_ids[0]
        else:
            row_id = base = slugify(cells[0], "-") or "term"
            n = 1
            while row_id in used:
                n += 1
                row_id = f"{base}-{n}"
            used.add(row_id)
            replacements.append((tr.start, tr.start + len("<tr"), f'<tr id="{row_id}"'))
        rows.append({"id": row_id, "korean": cells[0], "english": cells[1], "definition": cells[2]})
    return htmlscan.splice(content, replacements), rows, _section_id(doc, table.start), []


def equation_sections(content: str) -> dict[str | None, list[str]]:
    """Which section (heading id) displays which numbered equation."""
    doc = htmlscan.scan(content)
    found: dict[str | None, dict[str, None]] = defaultdict(dict)
    for el in doc.find("a", cls="rd-equation__number"):
        m = _NUMBER_RE.fullmatch(html.unescape(doc.inner(el)).strip())
        if m:
            found[_section_id(doc, el.start)][m[1]] = None
    for el in doc.find("div", cls="arithmatex"):  # rows of an align keep \tag{} in the TeX
        for number in _TAG_EQ_RE.findall(doc.inner(el)):
            found[_section_id(doc, el.start)][number] = None
    return {k: list(v) for k, v in found.items()}


# ---------------------------------------------------------------- the index


def _location(page_url: str, section: str | None, locations: set[str]) -> str:
    loc = f"{page_url}#{section}" if section else page_url
    return loc if loc in locations else page_url


def _glossary_entries(page_url: str, info: dict) -> list[dict]:
    entries = []
    for row in info["rows"]:
        title = row["korean"] + (f" ({row['english']})" if row["english"] else "")
        entries.append(
            {
                "location": f"{page_url}#{row['id']}",
                "title": html.escape(title, quote=False),
                "text": f"<p>{html.escape(row['definition'], quote=False)}</p>",
                "def": " ".join(def_tokens(row["korean"], row["english"])),
            }
        )
    return entries


def rewrite_index(data: dict, glossary: dict, equations: dict) -> tuple[dict, dict]:
    """Return the enriched index and the query-side data (particles, vocabulary).

    ``glossary``: page URL -> {"rows", "section"}; ``equations``: page URL -> section -> numbers.
    """
    docs = data["docs"]
    locations = {d["location"] for d in docs}

    # Glossary rows go right after the section that held the table.
    for page_url, info in glossary.items():
        after = _location(page_url, info["section"], locations)
        at = next((i for i, d in enumerate(docs) if d["location"] == after), None)
        if at is None:
            continue
        new = [e for e in _glossary_entries(page_url, info) if e["location"] not in locations]
        docs[at + 1 : at + 1] = new
        locations |= {e["location"] for e in new}

    # Numbered equations: the displaying section defines the number.
    by_location = {d["location"]: d for d in docs}
    for page_url, sections in equations.items():
        for section, numbers in sections.items():
            doc = by_location.get(_location(page_url, section, locations))
            if doc is not None:
                doc["def"] = " ".join([*doc.get("def", "").split(), *numbers])

    words = [w for d in docs for w in _HANGUL_RE.findall(_plain(d["title"] + " " + d["text"]))]
    known = known_stems(words)
    vocab: set[str] = set()
    for doc in docs:
        tokens = ko_tokens(_plain(doc["title"] + " " + doc["text"]), known)
        doc["ko"] = " ".join(tokens)
        vocab.update(tokens)
        vocab.update(t for t in doc.get("def", "").split() if _HANGUL_RE.fullmatch(t))

    fields = data["config"].setdefault("fields", {})
    for name, spec in FIELDS.items():
        fields.setdefault(name, spec)
    return data, {"particles": PARTICLES, "vocab": sorted(vocab)}


class KoreanSearch:
    """What one build learns from its pages, and the rewrite of the index at its end."""

    def __init__(self, slugify):
        self.slugify = slugify
        self.glossary: dict[str, dict] = {}
        self.equations: dict[str, dict] = {}

    def page_content(self, content: str, page_url: str, src_uri: str) -> tuple[str, list[str]]:
        problems: list[str] = []
        if src_uri == GLOSSARY_SRC:
            content, rows, section, problems = glossary_rows(content, self.slugify)
            self.glossary[page_url] = {"rows": rows, "section": section}
        self.equations[page_url] = equation_sections(content)
        return content, problems

    def post_build(self, site_dir: str) -> None:
        path = Path(site_dir).joinpath(*INDEX_PATH)
        if not path.is_file():  # search plugin disabled
            return
        data, ko = rewrite_index(json.loads(path.read_text(encoding="utf-8")), self.glossary, self.equations)
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        Path(site_dir).joinpath(*KO_PATH).write_text(
            json.dumps(ko, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

"""What the Korean search relies on in Material for MkDocs, read from Material's installed files.

ridgedoc's search (ridgedoc/site/search.py, docs/javascripts/search-route.js,
search-ko-core.js, search-ko.js, overrides/assets/javascripts/workers/ridgedoc-search.js,
overrides/main.html) uses parts of Material that Material does not document. A Material
update that moves one of them would not break the build: search would quietly lose its
Korean help or rank differently. Each test here names one reliance and fails saying what
changed, without a browser:

- the installed Material is the version pinned in requirements.txt (the one reviewed);
- Python: ``SearchIndex`` (its methods and signatures, ``self.config``/``self.entries``, the
  index JSON), the search plugin that builds it in ``on_config`` and uses it later (so the
  ridgedoc plugin can swap it in ``on_pre_build``), ``data-search-exclude``;
- templates: ``base.html``'s ``__config`` JSON (``base``, ``search`` = the worker's URL), the
  blocks ``overrides/main.html`` extends, the bundle loaded inside ``{% block scripts %}``;
- the page bundle (minified): it reads ``#__config`` when it starts, starts ``new Worker``
  from its ``search`` field, and speaks the worker protocol (0 SETUP, 1 READY, 2 QUERY, 3 RESULT);
- the worker bundle (minified): the same message numbers, one ``message`` listener added
  last at its top level, no ``isTrusted`` check, lunr's language files from ``../lunr``,
  and the query parser's treatment of ``^`` and ``*``;
- and, in Node, Material's real worker behind ours: the protocol, the listener order,
  the query string lunr receives, the hidden fields indexed.

The minified bundles are read by regular expressions over their shapes; the comment at
each one says what source it comes from and what it means. Identifiers are never matched
(the minifier renames them); punctuation, string literals and property names are.
When one of these fails after an upgrade: read the new Material source for that part,
adapt ridgedoc's code, then update the expectation here and the pin in requirements.txt.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
from functools import cache
from importlib.metadata import entry_points, version
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.sitecheck import ROOT

NODE = shutil.which("node")
REVIEW = ("rerun the contract review of Material's search internals (tests/test_material_contract.py "
          "lists them) before changing the pin")


def _pinned_material() -> str:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    m = re.search(r"(?m)^mkdocs-material==([^\s#]+)", text)
    assert m, "requirements.txt pins no mkdocs-material==<version>"
    return m[1]


@cache
def templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def _one(pattern: str, folder: str) -> Path:
    found = sorted((templates() / folder).glob(pattern))
    assert len(found) == 1, f"expected one {folder}/{pattern} in Material's templates, found {[p.name for p in found]}"
    return found[0]


@cache
def bundle() -> str:
    """assets/javascripts/bundle.<hash>.min.js: the page's script."""
    return _one("bundle.*.min.js", "assets/javascripts").read_text(encoding="utf-8")


@cache
def worker_path() -> Path:
    """assets/javascripts/workers/search.<hash>.min.js: the search worker (lunr inside)."""
    return _one("search.*.min.js", "assets/javascripts/workers")


@cache
def worker() -> str:
    return worker_path().read_text(encoding="utf-8")


@cache
def base_html() -> str:
    return (templates() / "base.html").read_text(encoding="utf-8")


def _block(name: str, text: str) -> str:
    """The body of ``{% block name %}`` in a template (up to its matching endblock)."""
    start = re.search(r"{%-?\s*block\s+" + name + r"\s*-?%}", text)
    assert start, f"base.html has no {{% block {name} %}}"
    depth, pos = 1, start.end()
    for m in re.finditer(r"{%-?\s*(block\s+\w+|endblock)\b[^%]*%}", text[pos:]):
        depth += 1 if m[1].startswith("block") else -1
        if depth == 0:
            return text[pos:pos + m.start()]
    raise AssertionError(f"base.html: {{% block {name} %}} has no end")


@cache
def search_plugin():
    """Material's search plugin as our mkdocs.yml configures it, after its ``on_config``."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins.get("material/search")
    assert plugin is not None, "mkdocs.yml's `search` is not Material's `material/search` plugin"
    plugin.on_config(config)
    return plugin


# ---------------------------------------------------------------- the version


def test_installed_material_is_the_pinned_version():
    """The contract below was reviewed for the pinned Material; another version needs a new review."""
    installed, pinned = version("mkdocs-material"), _pinned_material()
    assert installed == pinned, (
        f"mkdocs-material {installed} is installed, requirements.txt pins {pinned}: {REVIEW}, "
        "or reinstall the pinned version (bash scripts/_venv.sh requirements-test.txt)")


# ---------------------------------------------------------------- Python: the search index


def test_search_plugin_is_material_search():
    """ridgedoc's plugin finds Material's search as config.plugins['material/search'] (plugin.py on_pre_build)."""
    from material.plugins.search.plugin import SearchPlugin

    names = {ep.name: ep.value for ep in entry_points(group="mkdocs.plugins")}
    assert names.get("material/search") == "material.plugins.search.plugin:SearchPlugin", (
        f"Material's search plugin is no longer the entry point material/search: {names.get('material/search')}")
    assert isinstance(search_plugin(), SearchPlugin)


def test_search_index_methods_we_extend():
    """KoreanSearchIndex subclasses SearchIndex and overrides __init__(**config),
    add_entry_from_context(page) and generate_search_index(prev), calling super()."""
    from material.plugins.search.plugin import SearchIndex

    expected = {
        "__init__": ["self", "**config"],
        "add_entry_from_context": ["self", "page"],
        "generate_search_index": ["self", "prev"],
    }
    for name, params in expected.items():
        method = getattr(SearchIndex, name, None)
        assert method is not None, f"material.plugins.search.plugin.SearchIndex has no method {name}"
        got = [("**" if p.kind is p.VAR_KEYWORD else "") + p.name
               for p in inspect.signature(method).parameters.values()]
        assert got == params, (f"SearchIndex.{name} takes ({', '.join(got)}), ridgedoc/site/search.py "
                               f"overrides it as ({', '.join(params)})")


def test_search_index_keeps_config_and_entries():
    """SearchIndex(**config) keeps ``config`` (our hidden fields go into config['fields'])
    and an ``entries`` list that add_entry_from_context appends to and generate_search_index
    writes as ``docs``, with ``config.fields`` (which the worker turns into lunr fields)."""
    from material.plugins.search.plugin import SearchIndex

    fields = {"title": {"boost": 1e3}, "text": {"boost": 1.0}, "ko": {"boost": 1.0}, "def": {"boost": 1e4}}
    index = SearchIndex(lang=["ko"], separator=r"\s+", pipeline=[], fields=fields)
    assert index.config["fields"] is fields, "SearchIndex no longer keeps its keyword arguments as self.config"
    assert index.entries == [], "SearchIndex no longer starts with an empty self.entries list"
    page = SimpleNamespace(
        url="p/", title="T", meta={}, toc=[SimpleNamespace(id="a", url="#a", children=[])],
        content='<h2 id="a">가</h2><p>보이는 글</p><table data-search-exclude="glossary"><tr><td>숨은 글</td></tr></table>',
    )
    index.add_entry_from_context(page)
    # one entry for the page (before its first heading), one per section, appended to self.entries
    assert [e["location"] for e in index.entries] == ["p/", "p/#a"], (
        f"add_entry_from_context made {index.entries}, not one entry per section in self.entries")
    assert "보이는 글" in index.entries[1]["text"]
    assert "숨은 글" not in json.dumps(index.entries, ensure_ascii=False), (
        "data-search-exclude no longer keeps an element out of the index (the glossary table, search.py)")
    index.entries[1]["ko"] = "가"  # an extra field we add to an entry
    data = json.loads(index.generate_search_index(None))
    assert data["config"]["fields"] == fields, "the index JSON's config.fields is not SearchIndex.config['fields']"
    assert data["docs"] == index.entries, "the index JSON's docs are not SearchIndex.entries (with extra fields)"
    assert set(data["config"]) >= {"lang", "separator", "pipeline", "fields"}


def test_search_plugin_uses_the_index_it_made_in_on_config():
    """Material builds search_index in on_config only and uses that attribute in
    on_page_context (indexing, after our on_page_content) and on_post_build; so replacing
    the attribute in on_pre_build (KoreanSearch.install) takes effect."""
    from material.plugins.search.plugin import SearchPlugin

    sources = {name: inspect.getsource(getattr(SearchPlugin, name))
               for name, _ in inspect.getmembers(SearchPlugin, inspect.isfunction)}
    assigning = sorted(n for n, src in sources.items() if re.search(r"self\.search_index\s*=(?!=)", src))
    assert assigning == ["on_config"], f"SearchPlugin sets self.search_index in {assigning}, not only in on_config"
    assert re.search(r"self\.search_index\s*=\s*SearchIndex\(\*\*self\.config\)", sources["on_config"]), (
        "SearchPlugin.on_config no longer makes SearchIndex(**self.config): KoreanSearch.install copies index.config")
    assert "self.search_index.add_entry_from_context(page)" in sources.get("on_page_context", ""), (
        "Material no longer indexes a page in on_page_context: the glossary rows and data-search-exclude "
        "set in our on_page_content may come too late or be lost")
    assert re.search(r"data-search-\\w\+", sources["on_page_context"]), (
        "Material no longer strips data-search-* attributes after indexing (search.py relies on it)")
    assert "self.search_index.generate_search_index(" in sources.get("on_post_build", ""), (
        "Material no longer writes the index with self.search_index.generate_search_index in on_post_build: "
        "our on_post_build (priority -100) expects KoreanSearchIndex's stems and vocab to be ready")
    index = search_plugin().search_index
    assert type(index).__name__ == "SearchIndex" and set(index.config["fields"]) >= {"title", "text"}


# ---------------------------------------------------------------- templates


def test_page_config_has_base_and_search_worker_url():
    """base.html writes <script id="__config" type="application/json"> with "base" and
    "search", the worker's URL in assets/javascripts/workers/ (search-route.js replaces
    it, search-ko.js reads base)."""
    config = _block("config", base_html())
    assert '<script id="__config" type="application/json">' in config, (
        "base.html's {% block config %} no longer has <script id=\"__config\" type=\"application/json\">")
    assert re.search(r'"base":\s*base_url\b', config), 'the page config has no "base": base_url'
    m = re.search(r'"search":\s*"assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)"\s*\|\s*url', config)
    assert m, ('the page config\'s "search" is no longer "assets/javascripts/workers/search.<hash>.min.js" | url: '
               "search-route.js swaps that URL for ridgedoc-search.js in the same folder")
    assert m[1] == worker_path().name, f'"search" names {m[1]}, the installed worker is {worker_path().name}'


def test_main_html_blocks_exist_and_bundle_loads_in_scripts():
    """overrides/main.html extends base.html's blocks; search-route.js goes before
    super() in {% block scripts %}, so the bundle must load inside that block, after
    {% block config %} wrote the page config."""
    ours = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert re.search(r'{%\s*extends\s+"base\.html"\s*%}', ours)
    used = re.findall(r"{%-?\s*block\s+(\w+)", ours)
    assert set(used) >= {"scripts"}, used
    missing = [b for b in used if not re.search(r"{%-?\s*block\s+" + b + r"\b", base_html())]
    assert not missing, f"base.html no longer has the blocks overrides/main.html extends: {missing}"
    text = base_html()
    tag = re.compile(r"<script src=\"{{ 'assets/javascripts/bundle\.[0-9a-f]+\.min\.js' \| url }}\"></script>")
    scripts = _block("scripts", text)
    assert tag.search(scripts), "Material's bundle <script> is no longer inside {% block scripts %}"
    assert len(tag.findall(text)) == 1, "Material's bundle is loaded in more than one place in base.html"
    assert text.index("{% block config %}") < text.index("{% block scripts %}"), (
        "base.html's {% block config %} (the page config) no longer comes before {% block scripts %}")
    assert re.search(r"javascripts/search-route\.js.*{{\s*super\(\)\s*}}", _block("scripts", ours), re.S), (
        "overrides/main.html: search-route.js must come before {{ super() }} in {% block scripts %}")


# ---------------------------------------------------------------- the page bundle (minified)


def test_bundle_reads_page_config_when_it_starts():
    """Source (src/templates/assets/javascripts/_/index.ts): ``const script = getElement("#__config");
    const config = JSON.parse(script.textContent)`` at the module's top level. Minified:
    ``var X=f("#__config"),Y=JSON.parse(X.textContent)``. It is read once, when the bundle
    runs: search-route.js must rewrite the JSON before that, which it does by running first."""
    assert bundle().count('"#__config"') == 1, 'the bundle no longer looks up "#__config" exactly once'
    assert re.search(r'var (\w+)=\w+\("#__config"\),\w+=JSON\.parse\(\1\.textContent\)', bundle()), (
        "the bundle no longer parses the #__config element's textContent at its top level "
        "(var X=f(\"#__config\"),Y=JSON.parse(X.textContent))")


def test_bundle_starts_the_worker_from_config_search():
    """Source (integrations/search/worker): ``setupSearchWorker(config.search, index$)`` ->
    ``watchWorker(url, worker = new Worker(url))``. Minified: ``function W(e,t=new Worker(e))``,
    a setup function ``function S(e,t){let r=W(e)...`` and the call ``S(o.search,...)``."""
    factory = re.findall(r"function (\w+)\((\w+),\w+=new Worker\(\2\)\)", bundle())
    assert len(factory) == 1 and bundle().count("new Worker(") == 1, (
        "the bundle no longer starts its one Worker as function f(url, worker = new Worker(url))")
    name = factory[0][0]
    setups = re.findall(r"function (\w+)\((\w+),\w+\)\{let \w+=" + name + r"\(\2\)", bundle())
    assert setups, f"no function passes its first argument to the worker factory {name}(url)"
    calls = [s for s, _ in setups if re.search(r"\b" + s + r"\(\w+\.search,", bundle())]
    assert calls, "the worker's URL is no longer the page config's .search field (setup(config.search, ...))"


def test_bundle_worker_protocol_numbers():
    """The page posts {type:0, data:{config, docs, options}} (SETUP) and {type:2, data:<query>}
    (QUERY) and waits for type 1 (READY) and 3 (RESULT). ridgedoc-search.js rewrites type 2
    messages whose data is a string. Source: integrations/search/worker/message/index.ts."""
    b = bundle()
    assert re.search(r"\{type:0,data:\{config:\w+,docs:\w+,options:", b), (
        "the page no longer sends SETUP as {type:0,data:{config,docs,options}}")
    assert re.search(r"\{type:2,data:\w+\}", b), "the page no longer sends a QUERY as {type:2,data:<query>}"
    assert re.search(r"\.type===1\}", b), "the page no longer waits for READY as type 1"
    assert re.search(r"\.type===3\}", b), "the page no longer reads RESULT as type 3"


# ---------------------------------------------------------------- the worker bundle (minified)


def test_worker_protocol_numbers():
    """Source (integrations/search/worker/main): ``switch (message.type) { case SETUP: ...
    return {type: READY}; case QUERY: ... return {type: RESULT, data: search.search(query)} }``.
    Minified: ``case 0:...{type:1};case 2:let e=t.data;try{return{type:3,data:X.search(e)}``."""
    w = worker()
    assert re.search(r"case 0:return yield \w+\(\w+\.data\.config\),\w+=new \w+\(\w+\.data\),\{type:1\}", w), (
        "the worker no longer answers SETUP (0) with READY (1) after loading the languages of data.config")
    assert re.search(r"case 2:let (\w+)=\w+\.data;try\{return\{type:3,data:\w+\.search\(\1\)\}", w), (
        "the worker no longer answers QUERY (2) with RESULT (3), searching for the message's data")


def test_worker_listener_is_added_last_and_trusts_dispatched_events():
    """Source (worker/main): ``addEventListener("message", async ev => { postMessage(await handler(ev.data)) })``
    as the last statement of the script. ridgedoc-search.js adds its own listener and then
    importScripts Material's worker, so ours runs first, stops the event and dispatches a
    rewritten MessageEvent. That needs: one listener, added synchronously at the end of the
    script's top level (not ``onmessage``, not later), reading ``event.data``, and no check of
    ``isTrusted`` (a dispatched event is not trusted)."""
    w = worker()
    assert w.count('addEventListener("message"') == 1, "the worker no longer adds exactly one message listener"
    assert "onmessage" not in w, "the worker uses onmessage"
    last = (r'addEventListener\("message",(\w+)=>\w+\(null,null,function\*\(\)\{postMessage\(yield \w+\(\1\.data\)\)\}\)\);'
            r"\}\)\(\);\s*(//# sourceMappingURL=\S+\s*)?$")  # ...listener));})(); and the source map line
    assert re.search(last, w), (
        "the worker's message listener is no longer the last statement of its top level, "
        "posting the answer to event.data (ridgedoc-search.js registers before it)")
    assert "isTrusted" not in w, "the worker checks event.isTrusted: it would ignore ridgedoc's re-dispatched query"


def test_worker_loads_lunr_languages_from_dot_dot_lunr():
    """Source (worker/main, setupSearchLanguages): ``let base = "../lunr"``, then
    ``importScripts(`${base}/min/lunr.stemmer.support.min.js`, `${base}/min/lunr.${lang}.min.js`)``,
    relative to the running worker. ridgedoc-search.js lives in Material's workers folder
    for that reason; Korean needs lunr/min/lunr.ko.min.js."""
    w = worker()
    assert re.search(r'let (\w+)="\.\./lunr";', w), 'the worker no longer loads lunr\'s languages from "../lunr"'
    assert "/min/lunr.${" in w and "/min/lunr.stemmer.support.min.js`" in w, (
        "the worker no longer loads <base>/min/lunr.<lang>.min.js and lunr.stemmer.support.min.js")
    lunr = templates() / "assets" / "javascripts" / "lunr" / "min"
    langs = search_plugin().config["lang"]
    for name in ["lunr.stemmer.support.min.js", *[f"lunr.{lang}.min.js" for lang in langs if lang != "en"]]:
        assert (lunr / name).is_file(), f"Material no longer ships assets/javascripts/lunr/min/{name}"
    ours = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "ridgedoc-search.js"
    assert ours.is_file() and worker_path().parent.relative_to(templates()) == ours.parent.relative_to(ROOT / "overrides")


def test_worker_query_parser_adds_star_except_after_a_boost():
    """Source (worker/.../query/transform): every term gets a trailing ``*`` (prefix match)
    unless it starts with + or - or ends in ``^<digits>`` / ``~<digits>``; a bare ``^``/``~``
    gets a 1. Minified: ``.map(r=>/([~^]$)/.test(r)?`${r}1`:r).map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)``.
    search-ko-core.js sends ``word^10 word``: the boosted copy matches the word exactly, the
    other as a prefix; if Material starred the boosted copy too, exact names would lose rank."""
    assert re.search(r"\.map\((\w+)=>/\(\[~\^\]\$\)/\.test\(\1\)\?`\$\{\1\}1`:\1\)"
                     r"\.map\((\w+)=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$\)/\.test\(\2\)\?\2:`\$\{\2\}\*`\)", worker()), (
        "Material's query transform no longer adds * to every term except those ending in ^<n> or ~<n>")


# ---------------------------------------------------------------- Material's real worker, in Node

HARNESS = ROOT / "tests" / "material_worker.js"
RIDGEDOC_WORKER = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "ridgedoc-search.js"
DOCS = [
    {"location": "a/", "title": "고유값 분해", "text": "<p>행렬을 나눕니다</p>", "ko": "고유값 분해", "def": ""},
    {"location": "b/", "title": "다른 제목", "text": "<p>본문</p>", "ko": "본문", "def": "고유값 고유값 7.1"},
]
DATA = {"particles": ["을", "를"], "stems": ["고유값", "분해"], "vocab": ["고유값", "분해", "본문"],
        "names": {"고유값": "고유값"}, "skip": []}


def _run_worker(entry: str, queries: list[str]) -> dict:
    assert NODE, "node is needed to run Material's worker (scripts/test.sh installs nodejs)"
    from ridgedoc.site.search import KoreanSearch

    plugin = search_plugin()
    KoreanSearch(lambda text, sep: text).install(plugin)  # the index config the site writes (hidden fields)
    config = json.loads(plugin.search_index.generate_search_index(None))["config"]
    job = {"templates": str(templates()), "docs_js": str(ROOT / "docs" / "javascripts"),
           "ridgedoc_worker": str(RIDGEDOC_WORKER), "entry": entry, "worker": worker_path().name,
           "data": DATA, "index": {"config": config, "docs": DOCS}, "queries": queries}
    proc = subprocess.run([NODE, str(HARNESS)], input=json.dumps(job), capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, f"Material's worker failed in Node:\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def material_alone():
    return _run_worker("material", ["고유값^10 고유값", "7.1^10 7.1", "고유값을"])


def test_worker_protocol_in_node(material_alone):
    """SETUP (0) is answered by READY (1), each QUERY (2) by one RESULT (3) with items."""
    types = [r["type"] for r in material_alone["replies"]]
    assert types == [1, 3, 3, 3], f"Material's worker answered SETUP and three QUERYs with types {types}"
    assert all(isinstance(r["data"]["items"], list) for r in material_alone["replies"][1:])


def test_worker_hands_lunr_boosted_exact_and_starred_prefix(material_alone):
    """What lunr receives for search-ko-core.js's queries: the boosted copy bare, the other starred;
    an equation number stays whole (our separator keeps '.' before a digit)."""
    assert material_alone["lunr_queries"] == ["고유값^10 고유값*", "7.1^10 7.1*", "고유값을*"], (
        f"Material's query parser now hands lunr {material_alone['lunr_queries']}")


def test_worker_indexes_our_hidden_fields(material_alone):
    """config.fields become lunr fields, so the hidden ko/def fields are searched; the def
    entry's boost puts it first."""
    assert material_alone["fields"] == ["title", "text", "tags", "ko", "def"], (
        f"lunr's fields are {material_alone['fields']}: Material no longer indexes every field of config.fields")
    first = material_alone["replies"][1]["data"]["items"][0][0]["location"]
    assert first == "b/", f"the entry whose def field holds 고유값 is not first ({first})"


def test_worker_loads_korean_from_lunr_folder(material_alone):
    """The worker imported lunr's Korean support from assets/javascripts/lunr/min/."""
    imported = material_alone["imported"]
    assert "assets/javascripts/lunr/min/lunr.ko.min.js" in imported, imported
    assert "assets/javascripts/lunr/min/lunr.stemmer.support.min.js" in imported, imported


def test_our_listener_runs_before_materials():
    """Behind ridgedoc-search.js, a query reaches lunr rewritten (고유값을 -> 고유값^10 고유값*)
    and only once: our listener ran first and Material answered only the re-dispatched event."""
    out = _run_worker("ridgedoc", ["고유값을"])
    assert [r["type"] for r in out["replies"]] == [1, 3], f"replies: {[r['type'] for r in out['replies']]}"
    assert out["lunr_queries"] == ["고유값^10 고유값*"], (
        f"lunr received {out['lunr_queries']}: Material's listener saw the reader's query, not ridgedoc's rewrite")
    assert out["replies"][1]["data"]["items"][0][0]["location"] == "b/"

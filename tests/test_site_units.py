"""In-process unit tests of the plugin's pure transforms (no MkDocs build, no subprocess)."""

from __future__ import annotations

import base64
import io
import logging

import pytest

from ridgedoc.site import checks, citation, equations, fences, figures, htmlscan, mathrender, notebook
from ridgedoc.site.cache import BlockCache, block_key, sha
from ridgedoc.site.config import cache_setting
from ridgedoc.site.pages import transform
from ridgedoc.site.search import equation_sections, glossary_rows

# ---------------------------------------------------------------- htmlscan


def test_scan_finds_nested_elements_with_exact_offsets():
    """Offsets of start tag, inner and end are exact, also across lines and for void elements."""
    src = '<div class="a">\n<p>x <b>y</b></p><img src="s" alt="t"><br/></div>'
    doc = htmlscan.scan(src)
    div = doc.find("div", cls="a")[0]
    assert doc.outer(div) == src
    assert doc.inner(doc.find("b")[0]) == "y"
    img = doc.find("img")[0]
    assert doc.outer(img) == '<img src="s" alt="t">' and img.attrs == {"src": "s", "alt": "t"}
    assert [e.tag for e in doc.elements] == ["div", "p", "b", "img", "br"]


def test_scan_text_runs_know_their_ancestors_and_keep_entities_raw():
    """Text runs are raw slices (entities undecoded) and know the elements open around them."""
    src = "<p>a &amp; b<code>c</code></p><script>if (a < b) {}</script>"
    doc = htmlscan.scan(src)
    raws = [(r.raw, [t for t, _ in r.ancestors]) for r in doc.texts]
    assert raws == [("a &amp; b", ["p"]), ("c", ["p", "code"]), ("if (a < b) {}", ["script"])]
    assert doc.texts[0].text == "a & b"


def test_splice_keeps_everything_else_byte_for_byte_and_refuses_overlaps():
    """Only the given spans change; overlapping spans are an error."""
    assert htmlscan.splice("abcdef", [(1, 2, "X"), (4, 6, "")]) == "aXcd"
    with pytest.raises(ValueError, match="overlap"):
        htmlscan.splice("abcdef", [(1, 4, "X"), (2, 3, "Y")])


def test_unclosed_paragraphs_do_not_hide_later_elements():
    """A <p> closed implicitly still lets the scanner find what follows it."""
    doc = htmlscan.scan('<div><p>one<p>two</div><figure class="f"></figure>')
    assert len(doc.find("figure", cls="f")) == 1 and len(doc.find("p")) == 2


# ---------------------------------------------------------------- figures

FIG = {"name": "demo", "alt": 'a "quoted" <alt>', "caption": r"캡션 \(\alpha\)", "width_px": 600, "height_px": 400}


def test_placeholder_becomes_final_figure_with_relative_urls():
    """The placeholder printed by publish() becomes the figure: page-relative files, escaped alt, caption math."""
    out, names, problems = figures.replace_placeholders(
        'before<figure class="rd-figure" data-figure="demo"><img src="ridgedoc-figure:demo.svg"></figure>after',
        [FIG], "../../figures/")
    assert names == ["demo"] and problems == []
    assert out.startswith("before<figure") and out.endswith("</figure>after")
    assert '<img src="../../figures/demo.svg" alt="a &quot;quoted&quot; &lt;alt&gt;" width="600" height="400">' in out
    assert 'href="../../figures/demo.png" download' in out
    assert r'<span class="arithmatex">\(\alpha\)</span>' in out


def test_placeholder_without_published_figure_is_a_problem():
    """A placeholder whose figure the block did not publish is reported, and left as it was."""
    src = '<figure class="rd-figure" data-figure="ghost"></figure>'
    out, names, problems = figures.replace_placeholders(src, [], "figures/")
    assert out == src and names == [] and "ghost" in problems[0]


def test_figure_numbers_are_filled_in_with_the_site_label():
    """Numbers come from the map; the label has the R so it never reads as the book's 그림 7.1."""
    src = '<figure class="rd-figure" data-figure="demo"></figure><figure class="rd-figure" data-figure="other"></figure>'
    out, names, _ = figures.replace_placeholders(src, [FIG, {**FIG, "name": "other"}], "figures/",
                                                 number={"demo": 3, "other": 4}.get)
    assert names == ["demo", "other"]
    assert 'data-figure="demo">그림 R3.</a>' in out and 'data-figure="other">그림 R4.</a>' in out
    assert 'data-figure="demo"></a>' in figures.figure_html(FIG, "figures/")  # no number known: left empty


def test_placeholder_names_are_the_shown_and_published_figures_in_order():
    """The plugin numbers figures from these names before a page is rendered."""
    out = ('<figure class="rd-figure" data-figure="b"></figure><p>x</p>'
           '<figure class="rd-figure" data-figure="a"></figure><figure class="rd-figure" data-figure="ghost"></figure>')
    assert figures.placeholder_names(out, [{"name": "a"}, {"name": "b"}]) == ["b", "a"]


# ---------------------------------------------------------------- equations


def test_single_tag_becomes_anchor_and_number_link():
    """One \\tag: the tag leaves the TeX, the display gets id eq-7-10 and a number link."""
    out, found = equations.anchor_equations(r'<p>x</p><div class="arithmatex">\[ a=b \tag{7.10} \]</div>')
    assert found == [("7.10", "eq-7-10")]
    display = out.split('<div class="arithmatex">', 1)[1].split("</div>", 1)[0]
    assert r"\tag" not in display and 'id="eq-7-10"' in out  # the copy button's data-tex keeps it
    assert '<a class="rd-equation__number" href="#eq-7-10" title="식 (7.10)의 링크">(7.10)</a>' in out


def test_rows_of_an_align_keep_their_tags_and_get_one_anchor_each():
    """Several tags: MathJax draws them; each number still gets its own anchor."""
    src = r'<div class="arithmatex">\[\begin{align} a \tag{7.11}\\ b \tag{7.12} \end{align}\]</div>'
    out, found = equations.anchor_equations(src)
    assert [a for _, a in found] == ["eq-7-11", "eq-7-12"]
    assert 'id="eq-7-12"' in out and r"\tag{7.12}" in out


def test_references_are_linked_in_text_but_not_in_code_headings_links_or_math():
    """식 (7.x) in running text links; in code, a heading, a link or a formula it stays."""
    page = ("<p>식 (7.1)과 식 (7.9)</p><code>식 (7.1)</code>"
            "<h2>식 (7.1)</h2><a href='x'>식 (7.1)</a>"
            r'<div class="arithmatex">\[\text{식 (7.1)}\]</div>')
    out = equations.link_references(page, {"7.1": "#eq-7-1"}.get)
    assert out.count('class="rd-eqref"') == 1
    assert '<a class="rd-eqref" href="#eq-7-1">식 (7.1)</a>과 식 (7.9)' in out
    assert r"\text{식 (7.1)}" in out


def test_tex_errors_are_problems_and_good_tex_is_rendered():
    """KaTeX (markdown-katex-rs public API) renders good TeX and reports an undefined macro and a broken group."""
    good = r'<span class="arithmatex">\(\boldsymbol w^\ast\)</span><div class="arithmatex">\[\frac{1}{2}\]</div>'
    spans, problems = mathrender.math_replacements(htmlscan.scan(good))
    assert problems == [] and len(spans) == 2
    bad = r'<span class="arithmatex">\(\notamacro x\)</span><div class="arithmatex">\[\frac{1}{\]</div>'
    spans, problems = mathrender.math_replacements(htmlscan.scan(bad))
    assert spans == [] and len(problems) == 2 and "notamacro" in problems[0]


def test_math_is_rendered_as_html_with_mathml_and_keeps_its_element():
    """Inline and display math become KaTeX's markup inside the same arithmatex element; the MathML
    carries the TeX; no math is left for a browser script."""
    src = r'<p>a <span class="arithmatex">\(w^\ast &lt; 1\)</span></p><div class="arithmatex">\[\tilde w\]</div>'
    out = htmlscan.splice(src, mathrender.math_replacements(htmlscan.scan(src))[0])
    assert out.startswith('<p>a <span class="arithmatex"><span class="katex"><span class="katex-mathml"><math')
    assert '<div class="arithmatex"><span class="katex-display">' in out
    assert r'<annotation encoding="application/x-tex">w^\ast &lt; 1</annotation>' in out  # the entity decoded, then escaped
    assert r"\(" not in out and r"\[" not in out


def test_numbered_display_is_rendered_once_beside_its_number_and_search_keeps_the_tex():
    """The page transform renders a tagged display inside its anchor (the tag leaves the formula),
    links KaTeX's stylesheet, and hands search the same page with the TeX."""
    page = r'<h2 id="a">A</h2><div class="arithmatex">\[ w = 1 \tag{7.5} \]</div><p>식 (7.5)</p>'
    result = transform(page, hrefs={"7.5": "#eq-7-5"})
    assert result.problems == [] and result.equations == [("7.5", "eq-7-5")]
    assert result.content.count('class="katex-display"') == 1 and r"\tag" not in result.content.split("data-tex")[0]
    assert result.assets["css"][0] == mathrender.STYLESHEET
    assert '<div class="arithmatex">\\[ w = 1  \\]</div>' in result.search_content
    assert "katex" not in result.search_content
    assert transform("<p>no math</p>", hrefs={}).assets == {"css": [], "js": []}


# ---------------------------------------------------------------- checks


def test_literal_fence_in_text_is_found_but_not_in_code():
    """A fence line left in the page's text is a problem; the same line in <pre><code> is not."""
    assert checks.literal_markdown('<p>```python id="a"\nprint(1)\n```</p>')
    assert checks.literal_markdown("<p>~~~~\nx</p>")
    assert not checks.literal_markdown('<pre><code>```python exec="1"\n```</code></pre><p>a ``` b</p>')


def test_fence_swallowed_as_inline_code_is_found():
    """A fence Python-Markdown read as a code span (info string, then a newline) is a problem."""
    assert checks.literal_markdown('<p><code>python foo="1"\nprint(1)</code></p>')
    assert not checks.literal_markdown("<p><code>x = 1</code> and <code>a\nb c</code></p>")
    assert not checks.literal_markdown('<pre><code>python foo="1"\nprint(1)</code></pre>')


def test_missing_alt_and_nbconvert_placeholder_alt():
    """An image without alt, or with nbconvert's placeholder, is reported."""
    assert len(checks.missing_alt('<img src="a"><img src="b" alt=" ">'
                                  f'<img src="c" alt="{notebook.DEFAULT_ALT}"><img src="d" alt="ok">')) == 3


def test_page_assets_are_read_from_data_attributes():
    """Elements ask for their stylesheets and scripts; each file is listed once."""
    html = '<section data-rd-assets="s/e.css j/e.js"></section><div data-rd-assets="j/e.js"></div>'
    assert checks.page_assets(html) == {"css": ["s/e.css"], "js": ["j/e.js"]}


# ---------------------------------------------------------------- fences

PAGE = '''# 제목

```python exec="1" id="one" session="s"
x = 1
```

````markdown
```python exec="1" id="shown-not-run"
print("example")
```
````

!!! note "접힌 블록"

    ```python exec="1" id="indented" timeout="5"
    print(  x  )<TRAILING>
    ```

```python
print("plain, not executed")
```

```python exec="no" id="off"
print(0)
```
'''.replace("<TRAILING>", "   ")  # trailing spaces are part of the test


def test_find_blocks_sees_executed_fences_only():
    """Executed fences in order (also indented ones); fences inside other fences and exec="no" are text."""
    blocks = fences.find_blocks(PAGE)
    assert [b.id for b in blocks] == ["one", "indented"]
    assert blocks[0].session == "s" and blocks[0].code == "x = 1"
    assert blocks[1].code == "print(  x  )" and blocks[1].timeout == 5.0


def test_stray_exec_options_and_our_options():
    """Options that only an executed block has, without exec, are flagged; a bad timeout is an error."""
    assert fences.stray_exec_options({"id": "a"}) == ["id"]
    assert fences.stray_exec_options({"title": "x.py"}) == []
    assert fences.stray_exec_options({"exec": "1", "id": "a"}) == []
    with pytest.raises(ValueError, match='timeout="soon"'):
        fences.our_options({"timeout": "soon"})
    with pytest.raises(ValueError, match="positive"):
        fences.our_options({"timeout": "0"})


# ---------------------------------------------------------------- notebook


def test_notebook_math_marks_inline_and_display_but_not_code():
    """$...$ and a $$...$$ paragraph in Markdown cells become arithmatex; code and other cells stay."""
    src = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>비용 $x_i$ 와 $5 그리고 $6</p>'
           "<p>$$a=b$$</p><code>$y$</code></div><div class='out'><p>$z$</p></div>")
    out = notebook.mark_math(src)
    assert r'<span class="arithmatex">\(x_i\)</span>' in out
    assert r'<div class="arithmatex">\[a=b\]</div>' in out
    assert "<code>$y$</code>" in out and "<p>$z$</p>" in out and "$5 그리고 $6" in out


def test_notebook_headings_get_unicode_anchors():
    """Headings get the Markdown pages' slugs, numbered when repeated, with a permalink."""
    from pymdownx.slugs import slugify

    src = ('<h2 id="">데이터 보기<a class="anchor-link" href="#">¶</a></h2>'
           '<h2 id="x">데이터 보기<a class="anchor-link" href="#x">¶</a></h2>')
    out, ids = notebook.heading_anchors(src, slugify(case="lower"))
    assert ids == ["데이터-보기", "데이터-보기_1"]
    assert '<h2 id="데이터-보기">데이터 보기<a class="headerlink" href="#데이터-보기"' in out


def test_notebook_images_get_alt_from_cell_metadata_and_shrink():
    """A figure takes its cell's "alt"; a cell without one is reported; PNGs are re-encoded smaller."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 100), (250, 250, 250)).save(buf, format="PNG", compress_level=0)
    data = base64.b64encode(buf.getvalue()).decode()
    img = f'<img alt="{notebook.DEFAULT_ALT}" src="data:image/png;base64,{data}">'
    src = f'<div class="jp-Cell" id="cell-id=a">{img}</div><div class="jp-Cell" id="cell-id=b">{img}</div>'
    out, ids, problems = notebook.clean(src, alts={"a": "그림 설명"}, slugify=lambda t, s: t)
    assert 'alt="그림 설명"' in out and len(problems) == 1 and "'b'" in problems[0]
    assert len(out) < len(src) / 2


# ---------------------------------------------------------------- search, citation


def test_glossary_rows_get_ids_and_the_table_is_kept_out_of_search():
    """Each term row gets its slug as id; the header row is skipped; the table is excluded from the page entry."""
    from pymdownx.slugs import slugify

    src = ('<h2 id="용어">용어</h2><table><thead><tr><th>한국어</th><th>영어</th><th>뜻</th></tr></thead>'
           "<tbody><tr><td>고윳값</td><td>eigenvalue</td><td>배율</td></tr>"
           "<tr><td>고윳값</td><td>again</td><td>둘째</td></tr></tbody></table>")
    out, rows, section, problems = glossary_rows(src, slugify(case="lower"))
    assert [r["id"] for r in rows] == ["고윳값", "고윳값-2"] and section == "용어" and not problems
    assert '<table data-search-exclude="glossary">' in out and '<tr id="고윳값-2">' in out


def test_equation_sections_pair_numbers_with_their_heading():
    """A display's tag and an align's row tags are found under the heading before them (read before anchoring)."""
    page = (r'<h2 id="a">A</h2><div class="arithmatex">\[x\tag{7.2}\]</div>'
            r'<h2 id="b">B</h2><div class="arithmatex">\[\begin{align}y\tag{7.3}\\z\tag{7.4}'
            r'\end{align}\]</div><p>\(\tag{9.9}\)</p>')
    assert equation_sections(page) == {"a": ["7.2"], "b": ["7.3", "7.4"]}


def test_cite_fields():
    """The key is made from the URL; the date comes from the git plugin's page.meta."""
    c = citation.cite_fields(title="T", page_url="chapter/eigen/", site_url="https://x.org/", site_name="S",
                             meta={citation.DATE_META: "2026-11-28"})
    assert c["key"] == "ridgedoc-chapter-eigen" and c["url"] == "https://x.org/chapter/eigen/"
    assert c["date"] == "2026-11-28" and c["year"] == "2026"
    assert citation.bibtex_key("") == "ridgedoc-home"


# ---------------------------------------------------------------- cache and settings


def test_cache_setting_precedence():
    """RIDGEDOC_CACHE wins, then mkdocs.yml, then CI/pytest make it cold, else on."""
    assert cache_setting(None, {"RIDGEDOC_CACHE": "0"})[0] is False
    assert cache_setting(False, {"RIDGEDOC_CACHE": "1"})[0] is True
    assert cache_setting(True, {"CI": "true"})[0] is True
    assert cache_setting(None, {"CI": "true"})[0] is False
    assert cache_setting(None, {"PYTEST_CURRENT_TEST": "x"})[0] is False
    assert cache_setting(None, {}) == (True, "default")


def test_block_keys_change_with_code_session_prefix_and_environment():
    """A key depends on the code, the earlier blocks of its session, ridgedoc and the environment."""
    base = block_key("env", "rd", "x = 1")
    assert base == block_key("env", "rd", "x = 1")
    assert len({base, block_key("env", "rd", "x = 2"), block_key("env", "rd", "x = 1", ("y = 0",)),
                block_key("env", "rd2", "x = 1"), block_key("env2", "rd", "x = 1")}) == 5
    assert sha("ab", "c") != sha("a", "bc")


def test_cache_round_trip_and_damaged_entry_is_a_miss(tmp_path, caplog):
    """Stored values come back; a damaged payload fails its checksum, is logged, deleted and missed."""
    store = BlockCache(tmp_path / "c", 2**20)
    store.put("k", {"output": "hi"})
    assert store.get("k") == {"output": "hi"}
    digest, payload = store.store.get("k")
    store.store.set("k", (digest, payload[:-1] + b"X"))
    with caplog.at_level(logging.INFO):
        assert store.get("k") is None
    assert "checksum mismatch" in caplog.text and store.store.get("k") is None
    store.close()


def test_cache_off_stores_nothing():
    """With no folder the cache is off: put is a no-op, get always misses."""
    store = BlockCache(None, 1)
    store.put("k", 1)
    assert store.get("k") is None


def test_cache_is_bounded(tmp_path):
    """Beyond its size limit the store evicts entries (least recently used first)."""
    store = BlockCache(tmp_path / "c", 200_000)
    for i in range(40):
        store.put(f"k{i}", b"x" * 20_000)
    assert store.store.volume() <= 400_000
    assert store.get("k0") is None and store.get("k39") is not None
    store.close()


# ---------------------------------------------------------------- notebook figures


def test_notebook_figure_cells_are_published_and_leave_a_placeholder():
    """A cell with "figure" metadata gives up its PNG+SVG output for a placeholder; other cells keep theirs."""
    import nbformat

    from ridgedoc.site.worker import publish_notebook_figures

    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (400).to_bytes(4, "big") + (200).to_bytes(4, "big") + b"rest"
    image = {"image/png": base64.b64encode(png).decode(), "image/svg+xml": "<svg/>", "text/plain": "<Figure>"}
    marked = nbformat.v4.new_code_cell("plot()", id="a", metadata={"alt": "설명", "figure": {"name": "nb-fig", "caption": "캡션"}})
    marked.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi"),
                      nbformat.v4.new_output("display_data", data=image)]
    plain = nbformat.v4.new_code_cell("plot()", id="b")
    plain.outputs = [nbformat.v4.new_output("display_data", data=dict(image))]
    nb = nbformat.v4.new_notebook(cells=[marked, plain])
    (fig,) = publish_notebook_figures(nb)
    assert (fig["name"], fig["alt"], fig["caption"], fig["width_px"], fig["height_px"]) == ("nb-fig", "설명", "캡션", 200, 100)
    assert base64.b64decode(fig["png"]) == png and base64.b64decode(fig["svg"]) == b"<svg/>"
    assert marked.outputs[0]["output_type"] == "stream"
    assert marked.outputs[1]["data"] == {"text/html": '<figure class="rd-figure" data-figure="nb-fig"></figure>'}
    assert "image/png" in plain.outputs[0]["data"]
    nbformat.validate(nb)


# ---------------------------------------------------------------- links in block output


def test_block_output_links_to_pages_are_resolved(tmp_path):
    """x.md links a block printed point at the page's URL (anchor kept); a missing page is a problem."""
    from mkdocs.structure.files import File, Files

    from ridgedoc.site import links

    def f(path):
        return File(path, src_dir=str(tmp_path), dest_dir=str(tmp_path / "site"), use_directory_urls=True)

    page, other = f("chapter/quadratic.md"), f("chapter/eigen.md")
    files = Files([page, other, f("index.md")])
    out, problems = links.resolve_page_links(
        '<p><a href="eigen.md#고윳값-분해">a</a> <a href="../index.md">b</a> <a href="https://x.org/a.md">c</a>'
        ' <a href="#here">d</a> <a href="nope.md">e</a></p>', page, files)
    assert '<a href="../eigen/#고윳값-분해">a</a>' in out and '<a href="../../">b</a>' in out
    assert 'href="https://x.org/a.md"' in out and 'href="#here"' in out
    assert problems == ["a link to 'nope.md', which is not a page of the site"]


def test_duplicate_ids_are_found():
    """An id used twice on a page is reported once with its count; unique ids are not."""
    assert checks.duplicate_ids('<input id="결과"><input id="결과"><p id="a"></p>') == [
        "the id '결과' is used 2 times on the page"]
    assert checks.duplicate_ids('<p id="a"></p><p id="b"></p>') == []


def test_notebook_streams_are_coalesced():
    """Two stdout messages of one cell (the kernel's timing decides how many) become one output."""
    import nbformat

    from ridgedoc.site.worker import coalesce_streams

    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="w\n")]
    nb = coalesce_streams(nbformat.v4.new_notebook(cells=[cell]))
    outs = nb.cells[0].outputs
    assert [(o.name, o.text) for o in outs] == [("stdout", "1\n2\n"), ("stderr", "w\n")]


def test_rendered_math_has_sorted_attributes_and_no_invalid_css():
    """markdown-katex-rs orders MathML attributes and style declarations differently in each process;
    the site sorts both (so two builds are byte-identical) and drops the negative heights CSS forbids."""
    out = mathrender._canonical('<math xmlns="m" display="block"><span style="top:-1em;height:-0.2em;margin:0;">'
                                '<span class="vlist" style="height:-0.2381em;"></span></span></math>')
    assert out == '<math display="block" xmlns="m"><span style="margin:0;top:-1em;"><span class="vlist"></span></span></math>'

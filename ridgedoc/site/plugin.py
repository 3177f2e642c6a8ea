"""The ``ridgedoc`` MkDocs plugin: events only; the work is in the sibling modules.

Order of one build (MkDocs calls the events in this order; the priorities below
place ours among the other plugins'):

1. ``on_config``: register our executed-``python`` fence with superfences
   (markdown-exec's public ``validator``/``base_format``), check the options.
2. ``on_pre_build``: fresh state, a fresh worker pool, the cache opened; Material's
   search plugin gets our index class (:class:`.search.KoreanSearchIndex`).
3. ``on_files``: read every page once; executed blocks and the notebook go to the
   pool at once (:mod:`.blocks`), so they run in parallel ahead of rendering; each
   page's equation anchors come from the ``\\tag`` lines of its source.
4. ``on_pre_page`` / ``on_page_markdown``: the notebook page gets its executed copy;
   markdown-exec calls our formatter per fence, which waits for that block's result.
   A figure gets its site-wide number there: the figures of the pages before it in
   the navigation are known from their blocks' results, rendered or not.
5. ``on_page_content``: notebook clean-up; then one scan of the page, read by every
   transform (checks of TeX, literal Markdown, alt text and ids; equation anchors;
   "식 (7.x)" links; glossary rows and equation sections for search), whose changes
   are spliced in at once. What rendering found is checked against what was planned.
6. ``on_env`` (every page rendered, no template yet): the handout's content.
7. ``on_page_context``: fields for the theme override (citation box, assets).
8. ``on_post_build`` (after Material's search): figure files, the query side's
   word list ``search/search_ko.json``.

Nothing scans a themed page: the work is done on ``page.content``, once per page.
Under ``mkdocs serve --dirty`` only the saved pages are rendered; the numbers and
links of those pages are still right, because nothing above needs another page's
rendered HTML (the handout is composed in full builds only).

Every problem is one log line ``ridgedoc: <page>: ...`` at ERROR (or WARNING), so
``mkdocs build --strict`` fails and names the page.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

from markdown_exec import ExecutionError, MarkdownConverter, base_format, markdown_config
from markdown_exec import validator as markdown_exec_validator
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import cache as cache_mod
from . import checks, citation, equations, fences, figures, handout, htmlscan, links, notebook, pages, search
from .blocks import BlockRunner, PageBlocks
from .config import RidgedocConfig, cache_dir, cache_max_bytes, cache_setting
from .execution import Pool, run_notebook
from .pages import Memo
from .search import KoreanSearch

log = logging.getLogger("mkdocs.plugins.ridgedoc")

NOTICE = (
    '!!! failure "이 코드 블록은 빌드 중에 실패했습니다"\n\n'
    "    오류 내용은 독자에게 보이지 않고 빌드 로그에 남습니다. "
    "`mkdocs build --strict` 로 확인하세요.\n"
)


def _to_root(page) -> str:
    """Relative path from ``page`` to the site root: page.url is "", "a/" or "a/b/"."""
    return "../" * page.url.count("/")


def _slugify(config):
    toc = config.mdx_configs.get("toc", {})
    if callable(toc.get("slugify")):
        return toc["slugify"]
    from pymdownx.slugs import slugify

    return slugify(case="lower")


class RidgedocPlugin(BasePlugin[RidgedocConfig]):
    """Executes the pages' code in workers and fits the rendered pages to the site."""

    def __init__(self):
        self.serving = False
        self.dirty = False
        self.search: KoreanSearch | None = None
        self.memo = Memo()  # pure page transforms' results (pages.py); outlives serve's rebuilds
        self.runner: BlockRunner | None = None
        self.pool: Pool | None = None

    # ------------------------------------------------------------ setup

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.dirty = dirty  # mkdocs serve --dirty: only the pages whose source changed are rendered

    @event_priority(50)
    def on_config(self, config):
        if "pymdownx.superfences" not in config.markdown_extensions:
            raise PluginError("the ridgedoc plugin needs the pymdownx.superfences Markdown extension")
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None and jupyter.config.get("execute"):
            raise PluginError("mkdocs-jupyter must have execute: false; the ridgedoc plugin executes notebooks")
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        custom = superfences.setdefault("custom_fences", [])
        custom[:] = [f for f in custom if f.get("name") not in fences.EXEC_LANGUAGES]
        for language in fences.EXEC_LANGUAGES:
            custom.append({"name": language, "class": language, "validator": self._validate, "format": self._format})
        markdown_config.save(config.markdown_extensions, config.mdx_configs)
        self.project = Path(config.config_file_path).resolve().parent
        self.slugify = _slugify(config)
        return config

    def on_serve(self, server, *, config, builder):
        """``mkdocs serve`` rebuilds when ridgedoc (the code the blocks run) changes."""
        import ridgedoc

        server.watch(str(Path(ridgedoc.__file__).parent))
        return server

    def on_pre_build(self, *, config):
        MarkdownConverter.counter = 0
        on, why = cache_setting(self.config.cache)
        folder = cache_dir(self.config.cache_dir, self.project) if on else None
        log.info("ridgedoc cache: %s (%s)%s", "on" if on else "off", why, f", {folder}" if folder else "")
        self.store = cache_mod.BlockCache(folder, cache_max_bytes(self.config.cache_max_mb))
        self.pool = Pool(self.config.workers or os.cpu_count() or 1)
        env, code = cache_mod.environment(cache_mod.BLOCK_DISTS, self.project), cache_mod.ridgedoc_hash(self.project)
        # The page transforms' results have a store of their own: derived HTML never evicts a block's result.
        pages_store = cache_mod.BlockCache(folder / "pages" if folder else None, cache_max_bytes(self.config.cache_max_mb))
        self.memo.start(pages_store, cache_mod.sha(env, code, Path(config.config_file_path).read_bytes()))
        self.runner = BlockRunner(
            pool=self.pool, store=self.store, env=env, ridgedoc=code,
            timeout=float(self.config.timeout), max_output=self.config.max_output_kb * 1024,
        )
        self.page: PageBlocks | None = None
        self.figures: dict[str, dict] = {}  # name -> figure (with bytes)
        self.figure_pages: dict[str, str] = {}  # name -> page that shows it
        self.page_figures: dict[str, list[str]] = {}  # page url -> names, in page order, as rendered
        self.planned_figures: dict[str, list[str]] = {}  # page url -> names, from the blocks' results
        self.equations: dict[str, list[tuple[str, str]]] = {}  # number -> [(page url, anchor)], from the sources
        self.planned_equations: dict[str, list[tuple[str, str]]] = {}  # page url -> [(number, anchor)]
        self.page_src: dict[str, str] = {}  # page url -> src_uri, in the order of the files
        self.nav_order: list[str] = []
        self.assets: dict[str, dict] = {}
        self.notebooks: dict[str, object] = {}  # src_uri -> future of (outcome, executed path)
        self.notebook_failures: dict[str, str] = {}
        self.notebook_sources: dict[str, str] = {}  # src_uri -> the notebook in docs/
        self.notebook_figures: dict[str, list] = {}  # src_uri -> figures its cells published
        # A --dirty rebuild renders only the saved pages: the glossary's names stay those of the last build.
        self.search = KoreanSearch(self.slugify, keep=self.search if self.dirty else None)
        search_plugin = config.plugins.get("material/search")  # Material's search plugin, configured
        if search_plugin is not None and search_plugin.config.enabled:
            self.search.install(search_plugin)
        self.scratch = tempfile.mkdtemp(prefix="ridgedoc-build-")
        self.handout = None  # the page with handout: true in its front matter (see handout.py)
        self.nav_pages: list = []

    # ------------------------------------------------------------ files: schedule the work

    @event_priority(-50)  # after mkdocs-jupyter has made the notebooks pages
    def on_files(self, files, *, config):
        for file in files.documentation_pages():
            if file.src_uri.endswith(".ipynb"):
                if self.config.execute_notebooks:
                    self._schedule_notebook(file)
                markdown = notebook.markdown_text(file.abs_src_path)
            elif file.src_uri.endswith(".md"):
                markdown = file.content_string
                self.runner.schedule(file.src_uri, fences.find_blocks(markdown))
            else:
                continue
            reran = self.runner.stale(file.src_uri) or self.notebooks.get(file.src_uri, (None,))[0] is not None
            if self.dirty and reran and os.path.isfile(file.abs_dest_path):
                # A --dirty rebuild renders a page only if its output is older than its source; a page
                # whose blocks ran again (ridgedoc changed) is stale too, so its output goes.
                os.remove(file.abs_dest_path)
            # Every page's equation anchors are known before any page is rendered.
            url = "" if file.url in (".", "./") else file.url  # as page.url has it: the home page is ""
            self.page_src[url] = file.src_uri
            self.planned_equations[url] = equations.anchors_for(equations.source_tags(markdown))
            for number, anchor in self.planned_equations[url]:
                self.equations.setdefault(number, []).append((url, anchor))
        for number, places in sorted(self.equations.items()):
            pages = sorted({url or "(home)" for url, _ in places})
            if len(pages) > 1:
                log.warning("ridgedoc: equation (%s) is displayed with \\tag on %d pages (%s): show it on one "
                            "page and refer to it elsewhere as 식 (%s)", number, len(pages), ", ".join(pages), number)
        return files

    def _schedule_notebook(self, file) -> None:
        src = Path(file.abs_src_path)
        key = cache_mod.sha(
            cache_mod.environment(cache_mod.NOTEBOOK_DISTS, self.project),
            self.runner.ridgedoc, cache_mod.notebook_data(src), src.read_bytes(),
        )
        out = Path(self.scratch) / str(len(self.notebooks)) / src.name
        out.parent.mkdir(parents=True)
        cached = self.store.get(key)
        if isinstance(cached, dict):
            out.write_bytes(cached["notebook"])
            log.info("ridgedoc cache: hit %s (notebook)", file.src_uri)
            self.notebooks[file.src_uri] = (None, str(out))
            self.notebook_figures[file.src_uri] = cached["figures"]
            return
        if self.store.store is not None:
            log.info("ridgedoc cache: miss %s (notebook)", file.src_uri)

        def job():
            outcome = run_notebook(str(src), str(out), timeout=float(self.config.timeout),
                                   max_output=self.config.max_output_kb * 1024)
            if outcome.ok:
                self.store.put(key, {"notebook": out.read_bytes(), "figures": outcome.figures})
            return outcome

        self.notebooks[file.src_uri] = (self.pool.submit(job), str(out))

    # ------------------------------------------------------------ pages

    @event_priority(-100)  # after mkdocs-git-revision-date-localized read the page's real path
    def on_page_markdown(self, markdown, *, page, config, files):
        citation.pin_fallback_dates(page.meta, config.plugins.get("git-revision-date-localized"))  # SOURCE_DATE_EPOCH
        self.page = PageBlocks(page.file.src_uri)
        self._current = page
        self._files = files
        if page.file.src_uri in self.notebooks:
            future, out = self.notebooks[page.file.src_uri]
            outcome = future.result() if future is not None else None
            if outcome is not None and outcome.ok:
                self.notebook_figures[page.file.src_uri] = outcome.figures
            if outcome is None or outcome.ok:
                self.notebook_sources[page.file.src_uri] = page.file.abs_src_path
                page.file.abs_src_path = out  # mkdocs-jupyter renders the executed copy
            else:
                log.error("ridgedoc: %s: notebook failed: %s", page.file.src_uri, outcome.reason)
                self.notebook_failures[page.file.src_uri] = outcome.traceback or outcome.reason
        return markdown

    def _validate(self, language, inputs, options, attrs, md):
        stray = fences.stray_exec_options(inputs)
        if stray:
            where = self.page.src if self.page else "<no page>"
            log.error("ridgedoc: %s: a ```%s fence has %s but no exec=\"1\": it would render as literal text",
                      where, language, ", ".join(f"{k}=" for k in stray))
            return False
        try:
            ours = fences.our_options(inputs)
        except ValueError as exc:
            log.error("ridgedoc: %s: %s", self.page.src if self.page else "<no page>", exc)
            return False
        if not markdown_exec_validator(language, inputs, options, attrs, md):
            return False
        options["ridgedoc"] = ours
        return True

    def _format(self, source, language, css_class, options, md, **kwargs):
        options = dict(options)
        ours = options.pop("ridgedoc", {})
        page = self._current
        printed: list[str] = []
        run = partial(self._run, page=page, timeout=ours.get("timeout"), printed=printed)
        output = base_format(language=language, run=run, code=source, md=md, **options)
        if printed and options.get("html"):  # the output's figure or div out of markdown-exec's <p>
            output = Markup(figures.lift_block_output(str(output), printed[0]))
        resolved, problems = links.resolve_page_links(str(output), page.file, self._files)
        for problem in problems:
            log.error("ridgedoc: %s: a block printed %s", page.file.src_uri, problem)
        return Markup(resolved) if resolved != output else output

    def _run(self, code, returncode=None, session=None, id=None, *, page, timeout, printed, **extra):  # noqa: A002
        label, outcome = self.runner.result(self.page, code, session=session or "", block_id=id or "",
                                            timeout=timeout)
        for warning in outcome.warnings:
            log.warning("ridgedoc: %s: warning from the block: %s", label, warning)
        if not outcome.ok:
            log.error("ridgedoc: %s failed: %s", label, outcome.reason)
            if self.serving:
                detail = outcome.traceback or outcome.reason
                raise ExecutionError(f'```text\n{label}: {outcome.reason}\n\n{detail}\n```\n')
            raise ExecutionError(NOTICE)
        printed.append(self._publish(outcome.output, page, outcome.figures, label))
        return printed[-1]

    def _publish(self, html_out: str, page, published: list[dict], label: str) -> str:
        """Swap figure placeholders for figures, keep their files, check their names."""
        html_out, names, problems = figures.replace_placeholders(
            html_out, published, _to_root(page) + "figures/", number=partial(self._figure_number, page.url))
        for problem in problems:
            log.error("ridgedoc: %s: %s", label, problem)
        for fig in published:
            other = self.figure_pages.setdefault(fig["name"], page.file.src_uri)
            if other != page.file.src_uri or fig["name"] in self.page_figures.get(page.url, []):
                log.error("ridgedoc: %s: figure name %r is already used by %s", label, fig["name"], other)
            self.figures[fig["name"]] = fig
        self.page_figures.setdefault(page.url, []).extend(names)
        return html_out

    def on_page_content(self, html_content, *, page, config, files):
        src = page.file.src_uri
        problems: list[str] = []
        if src in self.notebooks:
            if src in self.notebook_failures:
                detail = self.notebook_failures[src] if self.serving else ""
                html_content = (
                    '<div class="admonition failure"><p class="admonition-title">이 노트북은 빌드 중에 실패했습니다</p>'
                    + (f"<pre><code>{html.escape(detail)}</code></pre>" if detail else
                       "<p>오류 내용은 빌드 로그에 남습니다.</p>") + "</div>" + html_content
                )
            alts = notebook.cell_alts(page.file.abs_src_path)
            html_content, ids, nb_problems = self.memo.call(
                "notebook", (html_content, alts), lambda: notebook.clean(html_content, alts=alts, slugify=self.slugify))
            if src in self.notebook_sources:  # readers download the notebook as written, without outputs
                page.file.abs_src_path = self.notebook_sources[src]
            html_content = self._publish(html_content, page, self.notebook_figures.get(src, []), src)
            problems += nb_problems
            self._point_toc(page, ids, problems)
            html_content = notebook.download_link(Path(page.file.src_uri).name) + html_content
        if page.meta.get(handout.HANDOUT_META):
            self.handout = page
        hrefs = {number: href for number in self.equations if (href := self._equation_href(page, number))}
        result = self.memo.page(html_content, hrefs=hrefs,
                                glossary_slugify=self.slugify if src == search.GLOSSARY_SRC else None)
        problems += result.problems
        self.assets[page.url] = result.assets
        if result.equations != self.planned_equations.get(page.url, []):
            problems.append(f"the page displays equations {result.equations} but its source's \\tag lines say "
                            f"{self.planned_equations.get(page.url, [])}")
        self.search.learn(page.url, result.sections, result.glossary, result.search_content)
        if self.page_figures.get(page.url, []) != self._planned_figures(page.url):
            problems.append(f"figures shown {self.page_figures.get(page.url, [])} differ from those its blocks "
                            f"published {self._planned_figures(page.url)}: the numbers would be wrong")
        for problem in problems:
            log.error("ridgedoc: %s: %s", src, problem)
        return result.content

    @staticmethod
    def _point_toc(page, ids: list[str], problems: list[str]) -> None:
        items = []

        def walk(toc):
            for item in toc:
                items.append(item)
                walk(item.children)

        walk(page.toc)
        if len(items) != len(ids):
            problems.append(f"notebook TOC has {len(items)} entries but {len(ids)} headings")
            return
        for item, anchor in zip(items, ids, strict=True):
            item.id = anchor

    def on_nav(self, nav, *, config, files):
        self.nav_order = [p.url for p in nav.pages]
        self.nav_pages = list(nav.pages)
        return nav

    def on_env(self, env, *, config, files):
        """Every page is rendered now and no template yet: the moment for the handout."""
        if self.handout is not None:
            self._compose_handout(self.handout, config)
        return env

    def on_page_context(self, context, *, page, config, nav):
        context["rd_cite"] = citation.cite_fields(
            # mkdocs serve puts its own http://127.0.0.1:8000/ in site_url: not an address to cite
            title=page.title or config.site_name, page_url=page.url,
            site_url=None if self.serving else config.site_url,
            site_name=config.site_name, meta=page.meta,
        )
        context["rd_assets"] = self.assets.get(page.url, {"css": [], "js": []})
        return context

    def _compose_handout(self, page, config) -> None:
        """The handout's content from every page's (each part composed again only when its page changed)."""
        section = [
            # the section's pages: not the home page, not the handout, not a page that says
            # handout: false (the contributor guide and the API reference)
            p for p in self.nav_pages if p.url and p is not page and p.meta.get(handout.HANDOUT_META) is not False
        ]
        if any(p.content is None for p in section):  # mkdocs serve --dirty did not rebuild them
            log.info("ridgedoc: %s: the handout is not composed in a --dirty rebuild that left pages out; "
                     "a full build composes it", page.file.src_uri)
            return
        parts = [
            handout.Part(p.url, p.title or "", p.content or "",
                         [(t.id, t.title, [(c.id, c.title, []) for c in t.children]) for t in p.toc],
                         self.page_figures.get(p.url, []))
            for p in section
        ]
        dates = sorted(d for d in (str(p.meta.get(citation.DATE_META) or "") for p in [*self.nav_pages, page]) if d)
        content, problems = handout.compose(
            page.content, parts, handout_url=page.url, site_url=config.site_url or "",
            date=dates[-1] if dates else "", numbers=self._numbers(), memo=self.memo.call)

        def check():
            doc = htmlscan.scan(content)
            return checks.duplicate_ids(doc) + checks.missing_alt(doc), pages.page_assets(doc)

        found, self.assets[page.url] = self.memo.call("handout-check", (content,), check)
        page.content = content
        for problem in problems + found:
            log.error("ridgedoc: %s (handout): %s", page.file.src_uri, problem)

    def _planned_figures(self, url: str) -> list[str]:
        """The figures page ``url`` shows, in order, from its blocks' results (waits for them)."""
        if url not in self.planned_figures:
            src = self.page_src.get(url, "")
            if src in self.notebooks:
                future, _ = self.notebooks[src]
                outcome = future.result() if future is not None else None
                figs = self.notebook_figures.get(src, []) if outcome is None else outcome.figures if outcome.ok else []
                names = [f["name"] for f in figs]
            else:
                names = [name for o in self.runner.outcomes(src) if o.ok
                         for name in figures.placeholder_names(o.output, o.figures)]
            self.planned_figures[url] = names
        return self.planned_figures[url]

    def _figure_order(self) -> list[str]:
        """Pages in the order figures are numbered: the navigation, then the pages outside it."""
        return self.nav_order + [url for url in self.page_src if url not in set(self.nav_order)]

    def _figure_number(self, url: str, name: str) -> int | None:
        """Site-wide number of figure ``name`` on page ``url``: needs only the pages before it."""
        n = 0
        for other in self._figure_order():
            names = self._planned_figures(other)
            if other == url:
                return n + names.index(name) + 1 if name in names else None
            n += len(names)
        return None

    def _numbers(self) -> dict[str, int]:
        """Every figure's number (the handout's notes cite them)."""
        names = [name for url in self._figure_order() for name in self._planned_figures(url)]
        return {name: i for i, name in enumerate(names, start=1)}

    def _equation_href(self, page, number: str) -> str | None:
        places = self.equations.get(number)
        if not places:
            return None
        here = [a for url, a in places if url == page.url]
        if page is self.handout:  # the handout shows every page's equations under their own ids
            here = [a for _, a in places]
        if here:
            return f"#{here[0]}"
        rank = {url: i for i, url in enumerate(self.nav_order)}
        url, anchor = min(places, key=lambda p: rank.get(p[0], len(rank)))
        return f"{_to_root(page)}{url}#{anchor}"

    # ------------------------------------------------------------ end

    @event_priority(-100)  # after Material's search plugin has written its index (and our vocabulary)
    def on_post_build(self, *, config):
        figures.write_figures(self.figures, config.site_dir)
        self.search.post_build(config.site_dir)
        r = self.runner
        log.info("ridgedoc cache: %d hits, %d misses, %d replayed; %d block jobs; notebooks: %s",
                 r.hits, r.misses, r.replays, r.jobs,
                 ", ".join(f"{k} {'hit' if f is None else 'run'}" for k, (f, _) in self.notebooks.items()) or "none")
        log.info("ridgedoc cache: page transforms %d reused, %d computed", self.memo.hits, self.memo.misses)
        self._finish()

    def on_build_error(self, *, error):
        self._finish()

    def _finish(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if getattr(self, "store", None) is not None:
            self.store.close()
            self.memo.store.close()
        if getattr(self, "scratch", None):
            shutil.rmtree(self.scratch, ignore_errors=True)
        markdown_config.reset()

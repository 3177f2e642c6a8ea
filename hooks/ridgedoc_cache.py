"""Content-addressed build cache for executed code blocks and the executed notebook.

MkDocs hook (listed after ``hooks/ridgedoc_site.py`` in ``mkdocs.yml`` so that its
wrapper around markdown-exec's Python runner is the outermost one). It makes
rebuilds fast: a block or notebook whose inputs have not changed is not run again.

Key (SHA-256 of):

- the block's source and the options that reach the runner (``session``, ``id``,
  ``returncode``, the extra fence options), its page, the working directory and
  ``COLUMNS`` (markdown-exec's ``workdir`` and ``width``);
- for a block in a ``session``: the keys of every earlier block of that session in
  this build (what they set up), so editing block 2 also re-runs blocks 3, 4, ...;
  blocks without a session get fresh globals from markdown-exec and are independent;
- a hash of ridgedoc's source and data files (every file of the imported package),
  when the block or an earlier block of its session mentions ``ridgedoc`` (the
  notebook always depends on it);
- for the notebook: its bytes, the converter's options, ridgedoc's hash and the
  data files next to it (pages excluded);
- the environment: Python and package versions (numpy, matplotlib, markdown-exec,
  the font package, ...), both hook files, the figure style (``ridgedoc/figures.py``
  is part of ridgedoc's hash), the installed font files, matplotlibrc files and the
  environment variables that change matplotlib's output.

Paths inside the project enter keys relative to the folder of ``mkdocs.yml``, so a
moved or copied checkout keeps its cache. Not in the key: files a block reads from
outside ridgedoc's folder (ship data in ``ridgedoc/datasets/``), and the number
markdown-exec gives blocks without an ``id`` (it only names the block's module).

Value: the block's printed output and the figures it published into
``ridgedoc._registry.REGISTRY`` (SVG and PNG bytes), or the notebook's HTML.

On a hit the block is not run: its figures are put back into ``REGISTRY`` and
markdown-exec's block counter is advanced as a run would. When a later block of the
same session misses, the skipped earlier blocks of that session are first replayed
(run, output discarded) to rebuild the session's globals. A block that raises, or
that logs a WARNING or worse to MkDocs' logger while it runs (what ``--strict``
counts), is never cached, so the problem shows in every build. Under ``mkdocs serve``
an edited ridgedoc is imported again before the next build (the process would
otherwise keep running, and caching, the old code).

Log lines (INFO), for people and tests::

    ridgedoc cache: hit|miss|replay <page> <block id or #n on the page> [(session s)]
    ridgedoc cache: N hits, M misses (...)

Environment: ``RIDGEDOC_CACHE=0`` turns the cache off, ``=1`` on. Unset, it is on
except under CI (``CI`` set) and pytest (``PYTEST_CURRENT_TEST`` set), which build
cold. ``RIDGEDOC_CACHE_DIR`` (default ``.cache/ridgedoc`` next to ``mkdocs.yml``,
git-ignored) and ``RIDGEDOC_CACHE_MAX_MB`` (default 256: least recently used entries
beyond it are deleted after each build). Entries are written to a temporary file and
renamed into place, carry a SHA-256 of their content, and a damaged entry is logged
and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.ridgedoc.cache")
_settings: dict = {"root": None, "project": None}  # cache folder, folder of mkdocs.yml

FORMAT = b"RDC1"  # bump to invalidate every entry after a change of the entry layout
DEFAULT_MAX_MB = 256
HERE = Path(__file__).resolve().parent
HOOK_FILES = (HERE / "ridgedoc_site.py", Path(__file__).resolve())

# Versions that can change what a block prints or draws.
BLOCK_DISTS = (
    "numpy", "matplotlib", "markdown-exec", "noto-cjk-sans-otc", "pillow", "contourpy",
    "kiwisolver", "fonttools", "pyparsing", "cycler",
)
# ... and what the notebook page becomes (kernel, execution, HTML conversion).
NOTEBOOK_DISTS = BLOCK_DISTS + (
    "mkdocs-jupyter", "nbconvert", "nbclient", "nbformat", "ipykernel", "ipython",
    "jupyter-client", "jupyter-core", "jupytext", "mistune", "pygments", "jinja2",
    "markupsafe", "beautifulsoup4", "bleach", "defusedxml", "jupyterlab-pygments",
    "matplotlib-inline", "markdown",
)
ENV_VARS = (
    "MPLBACKEND", "MATPLOTLIBRC", "MPLCONFIGDIR", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED",
    "LANG", "LC_ALL", "LC_NUMERIC", "TZ",
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
_RIDGEDOC_RE = re.compile(r"\bridgedoc\b")


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


# ---------------------------------------------------------------- settings


def _enabled() -> tuple[bool, str]:
    value = os.environ.get("RIDGEDOC_CACHE", "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False, f"RIDGEDOC_CACHE={value}"
    if value:
        return True, f"RIDGEDOC_CACHE={value}"
    if os.environ.get("CI"):
        return False, "CI is set (RIDGEDOC_CACHE=1 turns it on)"
    if os.environ.get("PYTEST_CURRENT_TEST"):
        return False, "running under pytest (RIDGEDOC_CACHE=1 turns it on)"
    return True, "default"


def _max_bytes() -> int:
    try:
        return int(float(os.environ.get("RIDGEDOC_CACHE_MAX_MB", DEFAULT_MAX_MB)) * 2**20)
    except ValueError:
        return DEFAULT_MAX_MB * 2**20


# ---------------------------------------------------------------- fingerprints


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _tree_hash(root: Path, *, skip_suffixes=(".pyc",), skip=lambda p: False) -> str:
    """Hash of every file under ``root`` (relative path and bytes), caches excluded."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or path.suffix in skip_suffixes or skip(path) or not path.is_file():
            continue
        h.update(_sha(path.relative_to(root).as_posix(), path.read_bytes()).encode())
    return h.hexdigest()


def _where(path) -> str:
    """``path`` relative to the project (the folder of mkdocs.yml) if inside it, else absolute.

    Keys do not depend on where the checkout lives, so a moved or copied project (with
    its ``.cache``) still hits.
    """
    path = Path(path).resolve()
    project = _settings["project"]
    if project is not None and path.is_relative_to(project):
        return "<project>/" + path.relative_to(project).as_posix()
    return str(path)


def _ridgedoc_hash() -> str:
    """Hash of the ridgedoc package that ``import ridgedoc`` finds (source and data files)."""
    try:
        spec = util.find_spec("ridgedoc")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    root = Path(list(spec.submodule_search_locations)[0])
    return _sha(_where(root), _tree_hash(root))


def _font_files() -> list:
    """Installed font files (path, size, mtime): a new font can change matplotlib's fallback."""
    out = []
    for base in FONT_DIRS:
        base = Path(base).expanduser()
        if base.is_dir():
            for dirpath, _, names in os.walk(base):
                for name in sorted(names):
                    try:
                        st = os.stat(os.path.join(dirpath, name))
                    except OSError:
                        continue
                    out.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    return sorted(out)


def _matplotlibrc_files() -> dict:
    """User matplotlibrc files, found without importing matplotlib."""
    config_dir = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"), "matplotlib"
    )
    candidates = [os.environ.get("MATPLOTLIBRC", ""), "matplotlibrc", os.path.join(config_dir, "matplotlibrc")]
    out = {}
    for name in candidates:
        path = Path(name) / "matplotlibrc" if name and Path(name).is_dir() else Path(name)
        if name and path.is_file():
            out[_where(path)] = _sha(path.read_bytes())
    return out


def _environment(dists: tuple[str, ...]) -> str:
    return _sha(_json({
        "format": FORMAT.decode(),
        "python": sys.version,
        "platform": sys.platform,
        "versions": {dist: _version(dist) for dist in dists},
        "hooks": {p.name: _sha(p.read_bytes()) if p.is_file() else "-" for p in HOOK_FILES},
        "fonts": _font_files(),
        "matplotlibrc": _matplotlibrc_files(),
        "env": {name: os.environ.get(name) for name in ENV_VARS},
        "pythonpath": [_where(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p],
    }))


# ---------------------------------------------------------------- entries on disk


class Store:
    """Entries ``<root>/<kind>/<key[:2]>/<key>.rdc``: a checked header, JSON, then blobs.

    Layout: ``RDC1 <sha256 of the rest> <length of the rest>\\n<json length>\\n<json><blobs>``.
    """

    def __init__(self, root: Path):
        self.root = root

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.rdc"

    def get(self, kind: str, key: str) -> tuple[dict, list[bytes]] | None:
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:  # unreadable cache folder: build without it
            log.info("ridgedoc cache: cannot read %s (%s): running the block", path, exc)
            return None
        try:
            meta, blobs = self._decode(data, key)
        except (ValueError, KeyError, TypeError) as exc:
            log.info("ridgedoc cache: bad entry %s (%s): deleted, rebuilding", path, exc)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # last use, for pruning
        except OSError:
            pass
        return meta, blobs

    @staticmethod
    def _decode(data: bytes, key: str) -> tuple[dict, list[bytes]]:
        head, sep, body = data.partition(b"\n")
        parts = head.split(b" ")
        if not sep or len(parts) != 3 or parts[0] != FORMAT:
            raise ValueError("unknown format")
        if int(parts[2]) != len(body):
            raise ValueError("truncated")
        if hashlib.sha256(body).hexdigest().encode() != parts[1]:
            raise ValueError("checksum mismatch")
        size, _, rest = body.partition(b"\n")
        meta = json.loads(rest[: int(size)])
        if meta["key"] != key:
            raise ValueError("entry is for another key")
        blobs, pos = [], int(size)
        for length in meta["blobs"]:
            blobs.append(rest[pos : pos + length])
            pos += length
        if pos != len(rest):
            raise ValueError("blob lengths do not add up")
        return meta, blobs

    def put(self, kind: str, key: str, meta: dict, blobs: list[bytes]) -> None:
        meta = {**meta, "key": key, "blobs": [len(b) for b in blobs]}
        text = json.dumps(meta, ensure_ascii=False).encode()
        body = b"%d\n" % len(text) + text + b"".join(blobs)
        data = b"%s %s %d\n" % (FORMAT, hashlib.sha256(body).hexdigest().encode(), len(body)) + body
        path = self._path(kind, key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: readers see the old entry or the whole new one
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            log.info("ridgedoc cache: could not write %s: %s", path, exc)

    def prune(self, max_bytes: int) -> None:
        """Delete least recently used entries beyond ``max_bytes``, and stale temp files."""
        if not self.root.is_dir():
            return
        entries, now = [], time.time()
        for path in self.root.rglob("*"):
            try:
                st = path.stat()
            except OSError:
                continue
            if path.name.endswith(".tmp") and now - st.st_mtime > 3600:
                path.unlink(missing_ok=True)  # left by an interrupted build
            elif path.suffix == ".rdc":
                entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        if removed:
            log.info("ridgedoc cache: pruned %d least recently used entries (limit %d MB)",
                     removed, max_bytes // 2**20)


# ---------------------------------------------------------------- state of one build


@dataclass
class _Pending:
    """A block of a session, kept so that it can be replayed after a hit."""

    label: str
    code: str
    kwargs: dict
    counter: int  # markdown-exec's session counter before the block
    cwd: str
    columns: str | None
    executed: bool


@dataclass
class _Build:
    store: Store | None = None
    page: str = "<no page>"
    page_index: int = 0
    hits: int = 0
    misses: int = 0
    replays: int = 0
    nb_hits: int = 0
    nb_misses: int = 0
    sessions: dict = field(default_factory=dict)  # session -> [_Pending]
    chains: dict = field(default_factory=dict)  # session -> running key of its blocks
    session_uses_ridgedoc: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # fingerprints, computed once per build


_build = _Build()


def _memo(name: str, compute):
    if name not in _build.memo:
        _build.memo[name] = compute()
    return _build.memo[name]


def _registry():
    """ridgedoc's figure registry (matplotlib-free module), or None without ridgedoc."""
    try:
        from ridgedoc import _registry
    except Exception:  # noqa: BLE001 - a broken ridgedoc fails the blocks that use it, not the hook
        return None
    return _registry


class _WarningLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


@contextmanager
def _watch():
    """Collect the figures published and whether a WARNING was logged while running."""
    handler = _WarningLog()
    logger = logging.getLogger("mkdocs")  # what `mkdocs build --strict` counts
    logger.addHandler(handler)
    reg = _registry()
    before = dict(reg.REGISTRY) if reg else {}
    result = {"figures": [], "warned": False}
    try:
        yield result
    finally:
        logger.removeHandler(handler)
    result["warned"] = handler.seen
    if reg:
        result["figures"] = [f for name, f in reg.REGISTRY.items() if before.get(name) is not f]


def _pack_figures(figures) -> tuple[list[dict], list[bytes]]:
    metas, blobs = [], []
    for fig in figures:
        metas.append({"name": fig.name, "alt": fig.alt, "caption": fig.caption,
                      "width_px": fig.width_px, "height_px": fig.height_px})
        blobs += [fig.svg, fig.png]
    return metas, blobs


def _restore_figures(metas: list[dict], blobs: list[bytes]) -> bool:
    """Put a cached block's figures back into REGISTRY; False if there is no registry."""
    reg = _registry() if metas else None
    if metas and reg is None:
        return False
    for i, meta in enumerate(metas):
        reg.REGISTRY[meta["name"]] = reg.PublishedFigure(svg=blobs[2 * i], png=blobs[2 * i + 1], **meta)
    return True


# ---------------------------------------------------------------- markdown-exec blocks


@contextmanager
def _exec_context(cwd: str, columns: str | None):
    old_cwd, old_columns = os.getcwd(), os.environ.get("COLUMNS")
    os.chdir(cwd)
    if columns is None:
        os.environ.pop("COLUMNS", None)
    else:
        os.environ["COLUMNS"] = columns
    try:
        yield
    finally:
        os.chdir(old_cwd)
        if old_columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old_columns


def _replay(inner, session: str) -> None:
    """Run the skipped earlier blocks of ``session`` again, in order, to rebuild its globals."""
    from markdown_exec._internal.formatters import python

    for pending in _build.sessions.get(session, []):
        if pending.executed:
            continue
        pending.executed = True
        _build.replays += 1
        log.info("ridgedoc cache: replay %s", pending.label)
        counter = python._sessions_counter[session]
        python._sessions_counter[session] = pending.counter  # same block id as its first run
        try:
            with _exec_context(pending.cwd, pending.columns):
                inner(pending.code, **pending.kwargs)
        except Exception as exc:  # noqa: BLE001 - reported, then the current block runs
            log.error("%s: replaying cached block %s failed: %s", _build.page, pending.label, exc)
        finally:
            python._sessions_counter[session] = counter


def _run_block(inner, code: str, *, returncode, session, id, extra: dict) -> str:  # noqa: A002
    from markdown_exec._internal.formatters import python

    b = _build
    b.page_index += 1
    kwargs = {"returncode": returncode, "session": session, "id": id, **extra}
    cwd, columns = os.getcwd(), os.environ.get("COLUMNS")
    where = _where(cwd)
    label = f"{b.page} {id or f'#{b.page_index}'}" + (f" (session {session})" if session else "")
    block = _sha(_json({"page": b.page, "code": code, "options": kwargs, "cwd": where, "columns": columns}))
    uses_ridgedoc = bool(_RIDGEDOC_RE.search(code))
    if session:
        block = _sha(b.chains.get(session, ""), block)
        b.chains[session] = block
        uses_ridgedoc = uses_ridgedoc or b.session_uses_ridgedoc.get(session, False)
        b.session_uses_ridgedoc[session] = uses_ridgedoc
    key = _sha(
        _memo("env", lambda: _environment(BLOCK_DISTS)),
        _memo("ridgedoc", _ridgedoc_hash) if uses_ridgedoc else "-",
        block,
    )
    pending = _Pending(label, code, kwargs, python._sessions_counter[session], cwd, columns, executed=False)
    if session:
        b.sessions.setdefault(session, []).append(pending)

    entry = b.store.get("blocks", key)
    if entry is not None and _restore_figures(entry[0]["figures"], entry[1]):
        python._code_block_id(id, session, extra.get("title"))  # advance the counter as a run would
        b.hits += 1
        log.info("ridgedoc cache: hit %s", label)
        return entry[0]["output"]

    b.misses += 1
    log.info("ridgedoc cache: miss %s", label)
    pending.executed = True  # (before the replay, which runs the *earlier* skipped blocks)
    if session:
        _replay(inner, session)
    with _watch() as seen:
        output = inner(code, **kwargs)  # raises on failure: nothing is stored
    if seen["warned"]:
        log.info("ridgedoc cache: not storing %s: it logged a warning", label)
    else:
        metas, blobs = _pack_figures(seen["figures"])
        b.store.put("blocks", key, {"output": output, "figures": metas, "label": label}, blobs)
    return output


def _wrap_runner(enabled: bool) -> None:
    from markdown_exec._internal.formatters import python

    current = python._run_python
    inner = getattr(current, "_ridgedoc_cache_inner", current)  # rewrap on `mkdocs serve` reloads
    if not enabled:
        python._run_python = inner
        return

    def run(code, returncode=None, session=None, id=None, **extra):  # noqa: A002
        if _build.store is None:
            return inner(code, returncode=returncode, session=session, id=id, **extra)
        return _run_block(inner, code, returncode=returncode, session=session, id=id, extra=extra)

    run._ridgedoc = getattr(inner, "_ridgedoc", False)  # the site hook's "already wrapped" mark
    run._ridgedoc_cache_inner = inner
    python._run_python = run


# ---------------------------------------------------------------- the notebook (mkdocs-jupyter)


def _notebook_data(nb_path: Path) -> str:
    """Files next to the notebook that it may read (pages excluded, so prose edits don't count)."""
    base = nb_path.parent

    def skip(path: Path) -> bool:
        hidden = any(part.startswith(".") for part in path.relative_to(base).parts)
        return hidden or path.suffix in (".md", ".ipynb")

    return _tree_hash(base, skip=skip)


def _convert_notebook(inner, nb_path, args, kwargs) -> str:
    b = _build
    path = Path(nb_path).resolve()
    label = f"{b.page} (notebook)"
    key = _sha(
        _memo("nb-env", lambda: _environment(NOTEBOOK_DISTS)),
        _memo("ridgedoc", _ridgedoc_hash),
        _notebook_data(path),
        _where(path),
        path.read_bytes(),
        _json({"args": args, "kwargs": kwargs}),
    )
    entry = b.store.get("notebooks", key)
    if entry is not None:
        b.nb_hits += 1
        log.info("ridgedoc cache: hit %s", label)
        return entry[1][0].decode("utf-8")
    b.nb_misses += 1
    log.info("ridgedoc cache: miss %s", label)
    with _watch() as seen:
        body = inner(nb_path, *args, **kwargs)
    if seen["warned"]:
        log.info("ridgedoc cache: not storing %s: it logged a warning", label)
    else:
        b.store.put("notebooks", key, {"label": label}, [body.encode("utf-8")])
    return body


def _wrap_notebook(enabled: bool) -> None:
    convert = sys.modules.get("mkdocs_jupyter.convert")  # imported by the plugin, if it is used
    if convert is None:
        return
    current = convert.nb2html
    inner = getattr(current, "_ridgedoc_cache_inner", current)
    if not enabled:
        convert.nb2html = inner
        return

    def nb2html(nb_path, *args, **kwargs):
        if _build.store is None:
            return inner(nb_path, *args, **kwargs)
        return _convert_notebook(inner, nb_path, args, kwargs)

    nb2html._ridgedoc_cache_inner = inner
    convert.nb2html = nb2html  # the plugin calls convert.nb2html(...) at render time


# ---------------------------------------------------------------- MkDocs events




def on_config(config):
    enabled, why = _enabled()
    _settings["project"] = Path(config.config_file_path).resolve().parent
    if enabled:
        default = _settings["project"] / ".cache" / "ridgedoc"
        _settings["root"] = Path(os.environ.get("RIDGEDOC_CACHE_DIR") or default).resolve()
        log.info("ridgedoc cache: on (%s), %s", why, _settings["root"])
    else:
        _settings["root"] = None
        log.info("ridgedoc cache: off (%s)", why)
    _wrap_runner(enabled)
    _wrap_notebook(enabled)
    return config


def _fresh_ridgedoc() -> None:
    """Under ``mkdocs serve`` the process keeps the ridgedoc it imported at the first build.

    After an edit, blocks would run the old code and the cache would store its output
    under the new source's key. So when the source changed since ridgedoc was imported,
    its modules are dropped and the blocks import the edited code.
    """
    current = _memo("ridgedoc", _ridgedoc_hash)
    module = sys.modules.get("ridgedoc")
    if module is not None and getattr(module, "_ridgedoc_cache_source", current) != current:
        for name in [n for n in sys.modules if n == "ridgedoc" or n.startswith("ridgedoc.")]:
            del sys.modules[name]
        log.info("ridgedoc cache: ridgedoc changed since it was imported: blocks import it again")
    module = sys.modules.get("ridgedoc")
    if module is not None:
        module._ridgedoc_cache_source = current


def on_pre_build(config):
    global _build
    root = _settings["root"]
    _build = _Build(store=Store(root) if root else None)
    if root:
        _fresh_ridgedoc()


def on_page_markdown(markdown, page, config, files):
    _build.page = page.file.src_uri
    _build.page_index = 0
    return markdown


def on_post_build(config):
    if _build.store is None:
        return
    b = _build
    module = sys.modules.get("ridgedoc")
    if module is not None and not hasattr(module, "_ridgedoc_cache_source"):
        module._ridgedoc_cache_source = _memo("ridgedoc", _ridgedoc_hash)  # imported during this build
    log.info(
        "ridgedoc cache: %d hits, %d misses (blocks %d/%d, notebooks %d/%d, %d replayed); matplotlib %s",
        b.hits + b.nb_hits, b.misses + b.nb_misses, b.hits, b.misses, b.nb_hits, b.nb_misses,
        b.replays, "imported" if "matplotlib" in sys.modules else "not imported",
    )
    b.store.prune(_max_bytes())

"""Content-addressed cache of executed blocks and notebooks, kept in a diskcache store.

Key (SHA-256) of a block: the environment (Python, versions of the packages that
can change what a block prints or draws, installed fonts, matplotlibrc files and
the environment variables matplotlib reads), a hash of the ``ridgedoc`` package the
workers import (every source and data file), the code of the earlier blocks of its
session on the page, and its own code. A notebook's key: the environment, ridgedoc,
its bytes and the files next to it (pages excluded). Paths inside the project enter
keys relative to it, so a moved checkout keeps its cache.

Only successful results are stored, with a SHA-256 of their payload that is checked
on every read (a damaged entry is a miss and is rewritten). diskcache writes
atomically (SQLite transactions, files renamed into place) and evicts the least
recently used entries beyond the size limit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
from importlib import metadata, util
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.ridgedoc.cache")

__all__ = ["BlockCache", "block_key", "environment", "ridgedoc_hash", "sha", "tree_hash"]

FORMAT = "RDC2"  # bump to invalidate every entry after a change of the entry layout
# Versions that can change what a block prints or draws.
BLOCK_DISTS = (
    "numpy", "matplotlib", "noto-cjk-sans-otc", "pillow", "contourpy", "kiwisolver", "fonttools",
    "pyparsing", "cycler",
)
# ... and what an executed notebook becomes.
NOTEBOOK_DISTS = BLOCK_DISTS + (
    "nbclient", "nbformat", "ipykernel", "ipython", "jupyter-client", "jupyter-core", "matplotlib-inline",
)
ENV_VARS = (
    "MPLBACKEND", "MATPLOTLIBRC", "MPLCONFIGDIR", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED",
    "LANG", "LC_ALL", "LC_NUMERIC", "TZ",
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def sha(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each prefixed by its length (so ``("ab", "c") != ("a", "bc")``)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def tree_hash(root: Path, *, skip=lambda p: False) -> str:
    """Hash of every file under ``root`` (relative path and bytes), bytecode excluded."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or skip(path) or not path.is_file():
            continue
        h.update(sha(path.relative_to(root).as_posix(), path.read_bytes()).encode())
    return h.hexdigest()


def where(path, project: Path | None) -> str:
    """``path`` relative to ``project`` if inside it, else absolute."""
    path = Path(path).resolve()
    if project is not None and path.is_relative_to(project):
        return "<project>/" + path.relative_to(project).as_posix()
    return str(path)


def ridgedoc_hash(project: Path | None = None) -> str:
    """Hash of the ridgedoc package that ``import ridgedoc`` finds (source and data files)."""
    try:
        spec = util.find_spec("ridgedoc")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    root = Path(list(spec.submodule_search_locations)[0])
    return sha(where(root, project), tree_hash(root))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


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


def _matplotlibrc_files(project: Path | None) -> dict:
    config_dir = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"), "matplotlib"
    )
    out = {}
    for name in (os.environ.get("MATPLOTLIBRC", ""), os.path.join(config_dir, "matplotlibrc")):
        path = Path(name) / "matplotlibrc" if name and Path(name).is_dir() else Path(name)
        if name and path.is_file():
            out[where(path, project)] = sha(path.read_bytes())
    return out


def environment(dists: tuple[str, ...], project: Path | None = None) -> str:
    """Fingerprint of everything outside a block that can change its result."""
    from . import worker  # how blocks are run is part of what they produce

    return sha(_json({
        "format": FORMAT,
        "python": sys.version,
        "platform": sys.platform,
        "versions": {dist: _version(dist) for dist in dists},
        "worker": sha(Path(worker.__file__).read_bytes()),
        "fonts": _font_files(),
        "matplotlibrc": _matplotlibrc_files(project),
        "env": {name: os.environ.get(name) for name in ENV_VARS},
        "pythonpath": [where(p, project) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p],
    }))


def block_key(env: str, ridgedoc: str, code: str, session_prefix: tuple[str, ...] = ()) -> str:
    """Key of one block: its code, what its session ran before it on the page, the environment."""
    return sha(env, ridgedoc, _json(list(session_prefix)), code)


def notebook_data(nb_path: Path) -> str:
    """Files next to the notebook that it may read (pages and hidden files excluded)."""
    base = nb_path.parent

    def skip(path: Path) -> bool:
        hidden = any(part.startswith(".") for part in path.relative_to(base).parts)
        return hidden or path.suffix in (".md", ".ipynb")

    return tree_hash(base, skip=skip)


class BlockCache:
    """The store: ``get``/``put`` of JSON-able results under string keys; ``None`` is off."""

    def __init__(self, directory: Path | None, max_bytes: int):
        self.directory = directory
        self.store = None
        if directory is None:
            return
        self.store = self._open(directory, max_bytes)

    @staticmethod
    def _open(directory: Path, max_bytes: int):
        import diskcache

        for attempt in (1, 2):
            try:
                return diskcache.Cache(str(directory), size_limit=max_bytes,
                                       eviction_policy="least-recently-used", cull_limit=10)
            except Exception as exc:  # noqa: BLE001 - a damaged store means building without it
                if attempt == 1:
                    log.info("ridgedoc cache: cannot open %s (%s): starting it afresh", directory, exc)
                    shutil.rmtree(directory, ignore_errors=True)
                else:
                    log.info("ridgedoc cache: cannot open %s (%s): building without the cache", directory, exc)
        return None

    def get(self, key: str):
        if self.store is None:
            return None
        try:
            entry = self.store.get(key)
        except Exception as exc:  # noqa: BLE001
            log.info("ridgedoc cache: cannot read %s (%s): running it", key[:12], exc)
            return None
        if entry is None:
            return None
        try:
            digest, payload = entry
            if hashlib.sha256(payload).hexdigest() != digest:
                raise ValueError("checksum mismatch")
            return pickle.loads(payload)  # noqa: S301 - our own entries, checked above
        except Exception as exc:  # noqa: BLE001
            log.info("ridgedoc cache: bad entry %s (%s): running it again", key[:12], exc)
            self.delete(key)
            return None

    def put(self, key: str, value) -> None:
        if self.store is None:
            return
        payload = pickle.dumps(value, protocol=5)
        try:
            self.store.set(key, (hashlib.sha256(payload).hexdigest(), payload))
        except Exception as exc:  # noqa: BLE001
            log.info("ridgedoc cache: could not store %s: %s", key[:12], exc)

    def delete(self, key: str) -> None:
        try:
            self.store.delete(key)
        except Exception:  # noqa: BLE001, S110
            pass

    def close(self) -> None:
        """Evict least recently used entries beyond the size limit, then close the store."""
        if self.store is not None:
            try:
                evicted = self.store.cull()
            except Exception as exc:  # noqa: BLE001
                log.info("ridgedoc cache: could not trim %s: %s", self.directory, exc)
                evicted = 0
            if evicted:
                log.info("ridgedoc cache: evicted %d least recently used entries (limit %.2f MB)",
                         evicted, self.store.size_limit / 2**20)
            self.store.close()

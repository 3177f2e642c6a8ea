"""The executed blocks of one build: scheduled ahead of rendering, read back at render time.

:class:`BlockRunner` is the only way rendering gets a block's result. When the files
are known, each page's executed blocks are keyed; those in the cache are done, and
a page with any miss goes to the worker pool as one job (its blocks in order, so
sessions see what earlier blocks set up). At render time :meth:`BlockRunner.result`
returns the cached outcome or waits for the job; a block the scan did not see is
run then, with the earlier blocks of its session.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future
from dataclasses import dataclass, field

from . import cache as cache_mod
from .execution import Block, Outcome, Pool, run_blocks
from .fences import FenceBlock, normalize

log = logging.getLogger("mkdocs.plugins.ridgedoc.cache")
_RIDGEDOC_RE = re.compile(r"\bridgedoc\b")

__all__ = ["BlockRunner", "PageBlocks"]


@dataclass
class PageBlocks:
    """Render-time bookkeeping of one page: how many blocks so far, each session's code."""

    src: str
    count: int = 0
    sessions: dict = field(default_factory=dict)  # session -> [code, ...] rendered so far


class BlockRunner:
    def __init__(self, *, pool: Pool, store: cache_mod.BlockCache, env: str, ridgedoc: str,
                 timeout: float, max_output: int):
        self.pool, self.store = pool, store
        self.env, self.ridgedoc = env, ridgedoc
        self.timeout, self.max_output = timeout, max_output
        self.pending: dict[str, tuple[Future, int]] = {}
        self.done: dict[str, Outcome] = {}
        self.page_keys: dict[str, list[str]] = {}  # page -> keys of its blocks found ahead, in order
        self.hits = self.misses = self.replays = self.jobs = 0

    # ------------------------------------------------------------ keys

    def _key(self, code: str, prefix: tuple[str, ...]) -> str:
        # ridgedoc's hash only where the block (or its session before it) names ridgedoc,
        # so that an edit of ridgedoc does not re-run blocks that cannot see it.
        uses = any(_RIDGEDOC_RE.search(c) for c in (*prefix, code))
        return cache_mod.block_key(self.env, self.ridgedoc if uses else "-", code, prefix)

    @staticmethod
    def label(page: str, block_id: str, n: int) -> str:
        return f"{page} {block_id or f'#{n}'}"

    # ------------------------------------------------------------ ahead of rendering

    def schedule(self, page: str, blocks: list[FenceBlock]) -> None:
        """Key the page's blocks; the ones not cached go to the pool as one job.

        A missed block of a session needs what the earlier blocks of its session set
        up: those run again first ("replay"), their results discarded.
        """
        specs, keys, missed = [], [], []
        self.page_keys[page] = keys
        sessions: dict[str, list[str]] = {}
        for n, fence in enumerate(blocks, start=1):
            prefix = tuple(sessions.get(fence.session, [])) if fence.session else ()
            if fence.session:
                sessions.setdefault(fence.session, []).append(fence.code)
            key = self._key(fence.code, prefix)
            specs.append(Block(fence.code, self.label(page, fence.id, n), fence.session, fence.timeout or self.timeout))
            keys.append(key)
            if key in self.done or key in self.pending:
                missed.append(False)
                continue
            entry = self.store.get(key)
            if entry is not None:
                self.done[key] = Outcome(**entry)
                self.hits += 1
                log.info("ridgedoc cache: hit %s", specs[-1].label)
            missed.append(entry is None)
        if not any(missed):
            return
        last_miss = {b.session: i for i, b in enumerate(specs) if missed[i] and b.session}
        run = [i for i, b in enumerate(specs) if missed[i] or (b.session and i < last_miss.get(b.session, -1))]
        future = self.pool.submit(self._run_job, [specs[i] for i in run], [keys[i] for i in run])
        self.jobs += 1
        for j, i in enumerate(run):
            if missed[i]:
                self.pending[keys[i]] = (future, j)
                self.misses += 1
                if self.store.store is not None:
                    log.info("ridgedoc cache: miss %s", specs[i].label)
            else:
                self.replays += 1
                log.info("ridgedoc cache: replay %s", specs[i].label)

    def _run_job(self, specs: list[Block], keys: list[str]) -> list[Outcome]:
        outcomes = run_blocks(specs, max_output=self.max_output)
        for key, outcome in zip(keys, outcomes, strict=True):
            if outcome.ok:  # a failure is never stored: it shows in every build
                self.store.put(key, outcome.to_json())
        return outcomes

    # ------------------------------------------------------------ at render time

    def stale(self, page: str) -> bool:
        """Whether a block of ``page`` runs in this build (not all its results came from the cache)."""
        return any(key in self.pending for key in self.page_keys.get(page, []))

    def outcomes(self, page: str) -> list[Outcome]:
        """The outcomes of the blocks of ``page`` found ahead of rendering, in order (waits for them)."""
        out = []
        for key in self.page_keys.get(page, []):
            if key not in self.done:
                future, index = self.pending[key]
                self.done[key] = future.result()[index]
            out.append(self.done[key])
        return out

    def result(self, page: PageBlocks, code: str, *, session: str, block_id: str,
               timeout: float | None) -> tuple[str, Outcome]:
        """The label and outcome of the next block of ``page`` (waits for its job)."""
        code = normalize(code)
        page.count += 1
        label = self.label(page.src, block_id, page.count)
        prefix = tuple(page.sessions.get(session, [])) if session else ()
        if session:
            page.sessions.setdefault(session, []).append(code)
        key = self._key(code, prefix)
        if key in self.done:
            self.pending.pop(key, None)
            return label, self.done[key]
        if key not in self.pending:  # not seen by the scan: run it now, after its session's blocks
            log.info("ridgedoc: %s was not found ahead of rendering; running it now", label)
            earlier = [Block(c, f"{label} (session {session}, earlier block)", session, self.timeout) for c in prefix]
            job = earlier + [Block(code, label, session, timeout or self.timeout)]
            keys = [self._key(c, prefix[:i]) for i, c in enumerate(prefix)] + [key]
            self.pending[key] = (self.pool.submit(self._run_job, job, keys), len(job) - 1)
            self.jobs += 1
            self.misses += 1
        future, index = self.pending.pop(key)
        outcome = future.result()[index]
        self.done[key] = outcome
        return label, outcome

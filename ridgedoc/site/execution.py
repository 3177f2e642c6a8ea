"""Run jobs in worker processes with time and output limits (parent side).

A job is the executed blocks of one page (in page order, sessions by name) or one
notebook. Each job gets a fresh ``python -m ridgedoc.site.worker`` in a scratch
working directory of its own, in a new process group, so that a block cannot touch
the project with relative paths, cannot end or hang the build, and always runs the
``ridgedoc`` that is on disk now. Jobs run in a thread pool, as many at once as
there are workers.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

__all__ = ["Block", "Outcome", "Pool", "run_blocks", "run_notebook"]

STDERR_TAIL = 2000  # characters of a dead worker's log that go into its error
START_TIMEOUT = 60.0  # seconds for a worker to start, or to go on to its next block


@dataclass(frozen=True)
class Block:
    """One executed block as the worker gets it."""

    code: str
    label: str  # "<page> <block id>", for messages and tracebacks
    session: str = ""
    timeout: float = 120.0


@dataclass
class Outcome:
    """What became of one block (or notebook): output and figures, or the reason it failed."""

    ok: bool
    output: str = ""
    figures: list = field(default_factory=list)  # dicts: name, alt, caption, width_px, height_px, svg, png (base64)
    warnings: list = field(default_factory=list)
    reason: str = ""
    traceback: str = ""

    def to_json(self) -> dict:
        return {"ok": self.ok, "output": self.output, "figures": self.figures, "warnings": self.warnings,
                "reason": self.reason, "traceback": self.traceback}


def _worker_env(*, notebook: bool = False) -> dict:
    env = dict(os.environ)
    if notebook:  # the kernel shows figures inline (matplotlib-inline picks its backend)
        env.pop("MPLBACKEND", None)
    else:
        env["MPLBACKEND"] = "Agg"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("COLUMNS", None)
    return env


class _Worker:
    """One worker process and the lines it sends."""

    def __init__(self, request: dict, scratch: str, python: str, *, notebook: bool = False):
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(
            [python, "-m", "ridgedoc.site.worker"], cwd=scratch, env=_worker_env(notebook=notebook),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            start_new_session=True, text=True, encoding="utf-8",
        )
        self.lines: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            self.proc.stdin.write(json.dumps(request))
            self.proc.stdin.close()
        except OSError:
            pass  # it died at once; the reader reports the end

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                continue
        self.lines.put(None)  # end of the conversation

    def next(self, timeout: float | None):
        """The next message, ``None`` at the end, or raise ``queue.Empty`` after ``timeout``."""
        return self.lines.get(timeout=timeout)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def ended(self) -> str:
        """Why the worker is gone: its exit status and the end of its log."""
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.wait()
        self.log.seek(0)
        tail = self.log.read()[-STDERR_TAIL:].strip()
        status = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        return status + (f"; its last output:\n{tail}" if tail else "")

    def close(self) -> None:
        self.kill()
        self.proc.wait()
        self.reader.join(timeout=5)  # the pipe is at its end once the process group is gone
        self.proc.stdout.close()
        self.log.close()


def run_blocks(blocks: list[Block], *, max_output: int, python: str = sys.executable) -> list[Outcome]:
    """Run ``blocks`` in order in one fresh worker; one :class:`Outcome` per block."""
    scratch = tempfile.mkdtemp(prefix="ridgedoc-blocks-")
    request = {"kind": "blocks", "max_output": max_output,
               "blocks": [{"code": b.code, "label": b.label, "session": b.session} for b in blocks]}
    outcomes: list[Outcome] = []
    worker = _Worker(request, scratch, python)
    try:
        for index, block in enumerate(blocks):
            message = _next(worker, START_TIMEOUT)
            if isinstance(message, dict) and message["event"] == "start":
                message = _next(worker, block.timeout)
            if not isinstance(message, dict) or message["event"] != "done":
                if message == "timeout":
                    worker.kill()
                    reason = f"the block ran longer than its time limit of {block.timeout:g} s and was stopped"
                else:
                    reason = f"the worker process ended while the block ran ({worker.ended()})"
                outcomes.append(Outcome(ok=False, reason=reason))
                outcomes += [Outcome(ok=False, reason=f"not run: an earlier block ({block.label}) ended its worker")
                             for _ in blocks[index + 1 :]]
                break
            outcomes.append(Outcome(
                ok=message["ok"], output=message.get("output", ""), figures=message.get("figures", []),
                warnings=message.get("warnings", []), reason=message.get("reason", ""),
                traceback=message.get("traceback", ""),
            ))
    finally:
        worker.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return outcomes


def _next(worker: _Worker, timeout: float):
    """The worker's next message, ``None`` if it ended, ``"timeout"`` if it said nothing in time."""
    try:
        return worker.next(timeout)
    except queue.Empty:
        return "timeout"


def run_notebook(path: str, out: str, *, timeout: float, max_output: int,
                 python: str = sys.executable) -> Outcome:
    """Execute the notebook ``path`` into ``out``, each cell within ``timeout`` seconds."""
    scratch = tempfile.mkdtemp(prefix="ridgedoc-notebook-")
    # The kernel runs in the scratch folder; files the notebook ships next to it are copied there.
    request = {"kind": "notebook", "path": os.path.abspath(path), "out": os.path.abspath(out),
               "timeout": timeout, "max_output": max_output}
    worker = _Worker(request, scratch, python, notebook=True)
    try:
        cell = "?"
        while True:
            try:
                message = worker.next(timeout=timeout + 60)  # nbclient keeps the per-cell limit itself
            except queue.Empty:
                worker.kill()
                return Outcome(ok=False, reason=f"cell {cell} ran longer than {timeout + 60:g} s")
            if message is None:
                return Outcome(ok=False, reason=f"the notebook worker ended while cell {cell} ran ({worker.ended()})")
            if message["event"] == "start":
                cell = message.get("cell", "?")
            elif message["event"] == "done":
                return Outcome(ok=message["ok"], reason=message.get("reason", ""), figures=message.get("figures", []),
                               traceback=message.get("traceback", ""))
    finally:
        worker.close()
        shutil.rmtree(scratch, ignore_errors=True)


class Pool:
    """Jobs submitted now, results read later; ``workers`` run at once."""

    def __init__(self, workers: int):
        self.executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ridgedoc-job")

    def submit(self, fn, *args, **kwargs) -> Future:
        return self.executor.submit(fn, *args, **kwargs)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

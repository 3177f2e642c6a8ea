"""The worker process that runs executed blocks and notebooks (``python -m ridgedoc.site.worker``).

It never imports MkDocs. The plugin starts one worker per job (the blocks of one page,
or one notebook), in a scratch working directory of its own, and talks to it over a
pipe: one JSON request on stdin; JSON lines back on the file descriptor that was
stdout when the worker started. The worker points its own file descriptors 1 and 2
at its log, so nothing a block prints or spawns can mix into the protocol.

Block messages: ``{"event": "start", "index": i}`` before block ``i`` and
``{"event": "done", "index": i, "ok": ..., ...}`` after it. Time limits are kept by
the plugin, which kills the worker's process group when a block runs too long; an
interpreter that dies (``os._exit``, a segfault) simply stops talking.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import linecache
import os
import sys
import traceback
import types
import warnings

__all__ = ["main"]


class OutputLimitExceeded(Exception):
    """A block printed more than it may."""


class LimitedBuffer(io.StringIO):
    """``sys.stdout`` for a block: keeps at most ``limit`` bytes, then only counts."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, s):
        n = len(s.encode("utf-8", "surrogatepass"))
        self.size += n
        if self.size <= self.limit:
            super().write(s)
        return len(s)

    @property
    def exceeded(self) -> bool:
        return self.size > self.limit


def _figures_since(before: dict) -> list[dict]:
    registry = sys.modules.get("ridgedoc._registry")
    if registry is None:
        return []
    out = []
    for name, fig in registry.REGISTRY.items():
        if before.get(name) is not fig:
            out.append({
                "name": fig.name, "alt": fig.alt, "caption": fig.caption,
                "width_px": fig.width_px, "height_px": fig.height_px,
                "svg": base64.b64encode(fig.svg).decode(), "png": base64.b64encode(fig.png).decode(),
            })
    return out


def _registry_snapshot() -> dict:
    registry = sys.modules.get("ridgedoc._registry")
    return dict(registry.REGISTRY) if registry is not None else {}


def _module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses and pickle look blocks' classes up here
    return module


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"the block called sys.exit({exc.code!r})"
    if isinstance(exc, KeyboardInterrupt):
        return "the block raised KeyboardInterrupt"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def run_block(code: str, label: str, namespace: dict, max_output: int) -> dict:
    """Run one block in ``namespace``; return its ``done`` message (without index)."""
    filename = f"<code block: {label}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    before = _registry_snapshot()
    buffer = LimitedBuffer(max_output)
    result: dict = {"ok": True}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            with contextlib.redirect_stdout(buffer):
                exec(compile(code, filename, "exec"), namespace)  # noqa: S102 - running it is the point
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            frames = traceback.TracebackException.from_exception(exc)
            result = {"ok": False, "reason": _describe(exc), "traceback": "".join(frames.format())}
    if result["ok"] and buffer.exceeded:
        result = {"ok": False, "reason": f"the block printed {buffer.size} bytes, more than the limit of "
                                          f"{max_output} bytes (max_output_kb)", "traceback": ""}
    if result["ok"]:
        result["output"] = buffer.getvalue()
        result["figures"] = _figures_since(before)
    result["warnings"] = [
        f"{w.category.__name__}: {w.message}" + (f" ({os.path.basename(w.filename)}:{w.lineno})"
                                                  if not w.filename.startswith("<code block") else f" (line {w.lineno})")
        for w in caught
    ]
    return result


def run_blocks(request: dict, send) -> None:
    sessions: dict[str, dict] = {}
    for index, block in enumerate(request["blocks"]):
        send({"event": "start", "index": index})
        session = block.get("session") or ""
        if session:
            namespace = sessions.setdefault(session, _module(f"_ridgedoc_session_{len(sessions)}").__dict__)
        else:
            namespace = _module(f"_ridgedoc_block_{index}").__dict__
        message = run_block(block["code"], block["label"], namespace, request["max_output"])
        send({"event": "done", "index": index, **message})


# Run before the notebook's own cells (and removed again): figures come out as PNG and as
# deterministic SVG, so that cells marked as site figures can be published like the pages' ones
# (the PNG at 2x, as ridgedoc.figures.PNG_DPI: 192 dpi for 96 CSS px per inch).
FIGURE_SETUP = (
    "%config InlineBackend.figure_formats = ['png', 'svg']\n"
    "%config InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Date': None}}"
)
SETUP_ID = "ridgedoc-figure-setup"


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def publish_notebook_figures(nb) -> list[dict]:
    """Cells with ``"figure": {"name", "caption"}`` (and ``"alt"``) in their metadata: their
    figure leaves the outputs as files (returned), and a placeholder takes its place."""
    import nbformat

    figures = []
    for cell in nb.cells:
        spec = cell.get("metadata", {}).get("figure")
        if cell.cell_type != "code" or not spec:
            continue
        for i, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if "image/png" in data and "image/svg+xml" in data:
                png = base64.b64decode(data["image/png"])
                svg = data["image/svg+xml"]
                svg = svg.encode() if isinstance(svg, str) else "".join(svg).encode()
                width, height = (round(v / 2) for v in _png_size(png))  # CSS px of a 2x PNG
                figures.append({
                    "name": spec["name"], "alt": cell.metadata.get("alt", ""), "caption": spec["caption"],
                    "width_px": width, "height_px": height,
                    "svg": base64.b64encode(svg).decode(), "png": base64.b64encode(png).decode(),
                })
                cell.outputs[i] = nbformat.v4.new_output("display_data", data={
                    "text/html": f'<figure class="rd-figure" data-figure="{spec["name"]}"></figure>'})
                break
    return figures


def coalesce_streams(nb):
    """Merge a cell's consecutive stdout (or stderr) outputs into one.

    How many stream messages the kernel sends for two ``print`` lines depends on timing,
    so without this two builds could render the same cell as one output block or two.
    """
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    return nb


def run_notebook(request: dict, send) -> None:
    """Execute a notebook with nbclient, one time limit per cell; write it to ``request["out"]``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(request["path"], as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(FIGURE_SETUP, id=SETUP_ID))
    current: dict = {}
    limit = request["max_output"]

    def on_cell_start(cell, cell_index, **_):
        current.update(id=cell.get("id") or f"#{cell_index}")
        send({"event": "start", "index": cell_index, "cell": current["id"]})

    def on_cell_executed(cell, cell_index, **_):
        size = len(json.dumps(cell.get("outputs", [])))
        if size > limit:
            raise OutputLimitExceeded(f"cell {current['id']} produced {size} bytes of output, more than "
                                      f"the limit of {limit} bytes (max_output_kb)")

    client = NotebookClient(
        nb, timeout=request["timeout"], kernel_name=request.get("kernel") or "python3",
        allow_errors=False, resources={"metadata": {"path": os.getcwd()}},
        on_cell_start=on_cell_start, on_cell_executed=on_cell_executed,
    )
    cell = lambda: current.get("id", "?")  # noqa: E731
    try:
        client.execute()
    except CellTimeoutError:
        send({"event": "done", "ok": False, "cell": cell(),
              "reason": f"cell {cell()} ran longer than the time limit of {request['timeout']:g} s", "traceback": ""})
        return
    except DeadKernelError as exc:
        send({"event": "done", "ok": False, "cell": cell(),
              "reason": f"the kernel died while running cell {cell()} (os._exit, a crash or SystemExit): {exc}",
              "traceback": ""})
        return
    except CellExecutionError as exc:
        send({"event": "done", "ok": False, "cell": cell(),
              "reason": f"cell {cell()} raised {exc.ename}: {exc.evalue}", "traceback": str(exc)})
        return
    except OutputLimitExceeded as exc:
        send({"event": "done", "ok": False, "cell": cell(), "reason": str(exc), "traceback": ""})
        return
    nb.cells = [c for c in nb.cells if c.get("id") != SETUP_ID]
    nb = coalesce_streams(nb)
    figures = publish_notebook_figures(nb)
    nbformat.write(nb, request["out"])
    send({"event": "done", "ok": True, "figures": figures})


def main() -> None:
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray writes to fd 1 (os.write, child processes) go to the log
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8", line_buffering=True)

    def send(message: dict) -> None:
        proto.write(json.dumps(message, ensure_ascii=False) + "\n")
        proto.flush()

    request = json.loads(sys.stdin.read())
    if request["kind"] == "notebook":
        run_notebook(request, send)
    else:
        run_blocks(request, send)
    proto.flush()


if __name__ == "__main__":
    main()

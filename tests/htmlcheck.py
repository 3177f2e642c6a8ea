"""The Nu HTML Checker (W3C's ``vnu.jar``) as a gate over a built site.

``checker()`` installs npm's ``vnu-jar`` at the version locked in
``tests/vnu/package-lock.json`` into ``tests/vnu/node_modules/`` (not committed; once,
then reused) and returns the jar. ``check(files)`` runs it once, in one JVM, over
every file with ``--errors-only --format json`` and returns its messages.
``gate(messages, root)`` turns them into failure lines ``page:line: message
[markup]``, leaving out only the few errors in :data:`ALLOWED`: markup that Material
for MkDocs itself writes on every page, each matched by its message *and* the exact
element, so an error of the same kind in our own markup still fails.
Used on the real site and on a planted fault by tests/test_html_valid.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent / "vnu"
VERSION = "26.9.27"  # the version in tests/vnu/package.json and its lock
JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Allowed:
    """An error the gate accepts: its exact message and a pattern for the whole marked markup."""

    message: str
    markup: str  # a regular expression that must match the highlighted markup in full
    reason: str

    def matches(self, msg: dict) -> bool:
        return msg.get("message") == self.message and re.fullmatch(self.markup, marked(msg)) is not None


ALLOWED = (
    # Material's base.html writes autocomplete="off" on its two hidden checkboxes that open the
    # drawer and the search (so that a browser does not restore them when going back); HTML
    # allows autocomplete only on text-like inputs. Theme markup, on every page.
    Allowed(
        message="Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
                "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
        markup=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1" autocomplete="off">',
        reason="Material's base.html: the drawer and search toggles",
    ),
    # Material's partials/toc.html writes the label of the table-of-contents toggle on every page
    # with a table of contents; the checkbox it points to (partials/nav-item.html) is written only
    # for a page that is a plain nav item, not for a section's index page (navigation.indexes).
    Allowed(
        message="The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        markup=r'<label class="md-nav__title" for="__toc">',
        reason="Material's partials/toc.html on a section index page",
    ),
)


def marked(msg: dict) -> str:
    """The markup the checker highlights for a message (the element or tag it is about)."""
    extract = msg.get("extract") or ""
    start = msg.get("hiliteStart") or 0
    return extract[start : start + (msg.get("hiliteLength") or 0)]


def _installed_version() -> str | None:
    try:
        return json.loads((HERE / "node_modules" / "vnu-jar" / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def checker() -> Path:
    """``vnu.jar`` at the locked version, installed with ``npm ci`` into tests/vnu/ if it is not there yet."""
    for tool in ("java", "npm"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"the HTML check needs {tool!r} on PATH (Debian: apt-get install default-jre-headless npm)")
    if JAR.is_file() and _installed_version() == VERSION:
        return JAR
    # --ignore-scripts: the package's install script would download a Java runtime; we use the system's.
    proc = subprocess.run(
        ["npm", "ci", "--prefix", str(HERE), "--ignore-scripts", "--no-audit", "--no-fund"],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 or not JAR.is_file() or _installed_version() != VERSION:
        raise RuntimeError(f"npm ci of vnu-jar@{VERSION} into {HERE} failed:\n{proc.stdout}\n{proc.stderr}")
    return JAR


def check(files: list[Path]) -> list[dict]:
    """Every error the checker finds in ``files`` (one JVM for all of them)."""
    if not files:
        raise ValueError("files must name at least one HTML file, got none")
    proc = subprocess.run(
        ["java", "-jar", str(checker()), "--errors-only", "--format", "json", "--exit-zero-always",
         *[str(f) for f in files]],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(proc.stderr)  # vnu writes its report to stderr
    except ValueError as exc:
        raise RuntimeError(f"the HTML checker did not report JSON (exit {proc.returncode}):\n{proc.stderr[-2000:]}") from exc
    if proc.returncode != 0:
        raise RuntimeError(f"the HTML checker exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    return report["messages"]


def page_of(msg: dict, root: Path) -> str:
    """The file a message is about, relative to ``root`` (vnu reports file: URLs)."""
    url = msg.get("url") or "?"
    path = Path(url.removeprefix("file:")).resolve() if url.startswith("file:") else Path(url)
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return url


def gate(messages: list[dict], root: Path) -> list[str]:
    """Failure lines ``page:line: message [markup]`` for every message not in :data:`ALLOWED`."""
    lines = []
    for msg in messages:
        if msg.get("type") == "error" and any(a.matches(msg) for a in ALLOWED):
            continue
        where = f"{page_of(msg, root)}:{msg.get('lastLine', '?')}"
        kind = "" if msg.get("type") == "error" else f"{msg.get('type')}: "
        lines.append(f"{where}: {kind}{msg.get('message')} [{marked(msg).strip()[:120]}]")
    return lines

#!/usr/bin/env bash
# Second command of the README: set up the test dependencies, lint, and run the whole suite
# (`--fast`: the quick tier without browser and builds).
# Needs Debian's chromium and a CJK font for the browser tests, java and npm for the HTML check, and faketime
# for the reproducible-dates test: installed with apt-get when this runs as root (or with sudo); otherwise it stops
# and says what to install.
source "$(dirname "$0")/_venv.sh" requirements-test.txt

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v node >/dev/null || missing+=(nodejs)   # the search query logic's tests run in Node
# The HTML check (tests/test_html_valid.py) runs npm's vnu-jar with Java (>= 11).
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
# tests/test_reproducible_dates.py builds on two fake days (libfaketime) and compares the sites.
command -v faketime >/dev/null || missing+=(faketime)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages for the browser, HTML and date tests: ${missing[*]}" >&2
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "Could not install ${missing[*]}. On Debian run: sudo apt-get install ${missing[*]}" >&2
    echo "then run this command again." >&2
    exit 1
  fi
fi

echo "ruff check (lint) ..." >&2
.venv/bin/ruff check .

# --fast: the inner loop. No browser, no site build (tests marked slow in tests/conftest.py are left
# out, and building or opening Chromium raises under RIDGEDOC_TEST_TIER=fast).
# Otherwise the whole suite in two processes (pytest-xdist; one file stays in one process, so a
# file's shared fixtures run once), the slowest 20 tests listed at the end.
if [ "${1:-}" = "--fast" ]; then
  shift
  RIDGEDOC_TEST_TIER=fast exec .venv/bin/python -m pytest -m "not slow" "$@"
fi
exec .venv/bin/python -m pytest -n 2 --dist loadfile --durations=20 "$@"

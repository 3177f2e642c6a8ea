#!/usr/bin/env bash
# First command of the README: set everything up, then serve the site on 127.0.0.1:8000.
# Rebuilds are --dirty: only the page you saved is rendered again (well under 1.5 s); the README's
# section on mkdocs serve says what that leaves out. RIDGEDOC_SERVE_FULL=1 rebuilds every page instead.
source "$(dirname "$0")/_venv.sh" requirements.txt
mode=(--dirty)
[ "${RIDGEDOC_SERVE_FULL:-0}" = 1 ] && mode=()
# The ridgedoc plugin also watches ridgedoc/ (what the blocks run); see the README for what needs a restart.
exec .venv/bin/mkdocs serve "${mode[@]}" -a "${RIDGEDOC_ADDR:-127.0.0.1:8000}" "$@"

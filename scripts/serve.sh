#!/usr/bin/env bash
# First command of the README: set everything up, then serve the site on 127.0.0.1:8000.
source "$(dirname "$0")/_venv.sh" requirements.txt
# The ridgedoc plugin also watches ridgedoc/ (what the blocks run); see the README for what needs a restart.
exec .venv/bin/mkdocs serve -a "${RIDGEDOC_ADDR:-127.0.0.1:8000}" "$@"

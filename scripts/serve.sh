#!/usr/bin/env bash
# First command of the README: set everything up, then serve the site on 127.0.0.1:8000.
source "$(dirname "$0")/_venv.sh" requirements.txt
# Rebuild on changes to the library and the site glue too, not only docs/ and mkdocs.yml.
exec .venv/bin/mkdocs serve -a "${RIDGEDOC_ADDR:-127.0.0.1:8000}" -w ridgedoc -w hooks "$@"

# Shared by scripts/serve.sh and scripts/test.sh: create .venv and install a requirements file.
# Usage: source scripts/_venv.sh REQUIREMENTS_FILE
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REQ="$1"
PY="${PYTHON:-python3}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "ridgedoc needs Python >= 3.11 (found: $("$PY" --version 2>&1 || echo none)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "python3 -m venv failed; installing Debian's python3-venv ..." >&2
    pyver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${pyver}-venv" python3-venv \
      || { echo "Could not install python3-venv. Run: sudo apt-get install python3-venv" >&2; exit 1; }
    "$PY" -m venv .venv
  fi
fi
# Reinstall only when the requirements changed since the last install.
stamp=".venv/.installed-$(basename "$REQ")"
want=$(cat requirements*.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$REQ"
  echo "$want" > "$stamp"
fi
export NO_MKDOCS_2_WARNING=1

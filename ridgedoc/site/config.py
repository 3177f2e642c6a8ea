"""Options of the ``ridgedoc`` plugin (``plugins: - ridgedoc: {...}`` in mkdocs.yml)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["RidgedocConfig", "cache_setting"]


class RidgedocConfig(base.Config):
    """Every option has a default; environment variables win over mkdocs.yml where noted."""

    cache = c.Optional(c.Type(bool))
    """Cache executed blocks and notebooks. Unset: on, except under CI (``CI``) and pytest.
    ``RIDGEDOC_CACHE=0``/``1`` overrides."""
    cache_dir = c.Type(str, default=".cache/ridgedoc")
    """Cache folder, relative to mkdocs.yml (``RIDGEDOC_CACHE_DIR`` overrides)."""
    cache_max_mb = c.Type(int, default=256)
    """Size limit of the cache; least recently used entries go first (``RIDGEDOC_CACHE_MAX_MB``)."""
    timeout = c.Type((int, float), default=120)
    """Seconds one block (or one notebook cell) may run; a fence's ``timeout="..."`` overrides."""
    max_output_kb = c.Type(int, default=1024)
    """Kilobytes one block may print (a notebook cell: its outputs)."""
    execute_notebooks = c.Type(bool, default=True)
    """Execute notebook pages; false renders them as stored (a quick preview)."""
    workers = c.Type(int, default=0)
    """Worker processes that run at once; 0 means one per core."""

    def validate(self):
        failed, warnings = super().validate()
        for name in ("timeout", "max_output_kb", "cache_max_mb"):
            value = self.get(name)
            if isinstance(value, (int, float)) and value <= 0:
                failed.append((name, base.ValidationError(f"must be positive, got {value!r}")))
        if isinstance(self.get("workers"), int) and self.get("workers") < 0:
            failed.append(("workers", base.ValidationError(f"must be 0 (one per core) or more, got {self.get('workers')!r}")))
        return failed, warnings


_OFF = ("0", "false", "no", "off")


def cache_setting(option: bool | None, env: dict | None = None) -> tuple[bool, str]:
    """Whether the cache is on, and why (for the log line)."""
    env = os.environ if env is None else env
    value = env.get("RIDGEDOC_CACHE", "").strip().lower()
    if value:
        return value not in _OFF, f"RIDGEDOC_CACHE={value}"
    if option is not None:
        return option, f"cache: {str(option).lower()} in mkdocs.yml"
    if env.get("CI"):
        return False, "CI is set (RIDGEDOC_CACHE=1 turns it on)"
    if env.get("PYTEST_CURRENT_TEST"):
        return False, "running under pytest (RIDGEDOC_CACHE=1 turns it on)"
    return True, "default"


def cache_dir(option: str, config_dir: Path, env: dict | None = None) -> Path:
    env = os.environ if env is None else env
    return (config_dir / (env.get("RIDGEDOC_CACHE_DIR") or option)).resolve()


def cache_max_bytes(option: int, env: dict | None = None) -> int:
    env = os.environ if env is None else env
    try:
        return int(float(env.get("RIDGEDOC_CACHE_MAX_MB", option)) * 2**20)
    except ValueError:
        return option * 2**20

"""The ``ridgedoc`` MkDocs plugin (entry point ``ridgedoc`` in ``pyproject.toml``).

Everything that knows about MkDocs lives here; ``import ridgedoc`` never imports
this package. One module per concern: ``plugin`` (events), ``config`` (options),
``fences`` (executed fences in a page), ``blocks`` and ``execution`` (scheduling
and the worker processes; ``worker`` runs in them), ``cache``, ``figures``,
``equations``, ``notebook``, ``citation``, ``search``, ``checks``, ``mathrender``
(KaTeX at build time), ``pages`` (one page's transforms on one scan, and their
cache) and ``htmlscan`` (finding and replacing spans of rendered HTML with an HTML parser).
"""

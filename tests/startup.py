"""Loaded by pytest before its other plugins (``-p tests.startup`` in pyproject.toml).

jsonschema checks the ``iri`` format with ``rfc3987_syntax`` when that package is
installed, and importing it compiles a Lark grammar for about 3 seconds. nbval imports
jsonschema (through nbformat) as pytest starts, so the suite paid those seconds in the
main process and again in each worker, before any test ran. No schema of this project
or of a notebook uses ``iri``: the suite runs without that one checker (the ``date``,
``date-time``, ``duration`` and ``uri`` checkers stay).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

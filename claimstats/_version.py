"""The installed claimstats version, as the report and its JSON schema state it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    """The version of the installed claimstats (``0+unknown`` when run from a source tree).

    Examples
    --------
    >>> installed_version().count(".") >= 1 or installed_version() == "0+unknown"
    True
    """
    try:
        return version("claimstats")
    except PackageNotFoundError:
        return "0+unknown"

"""Messages for the command line: each Python argument a message names becomes its flag.

The library's messages speak to Python users: ``pass tz="Asia/Shanghai"``, ``columns=
{"timestamp": "<your column>"}``. On the command line the same advice reads ``pass --tz
Asia/Shanghai``, ``--orders-columns 'timestamp=<your column>'``. Which flag an argument
is depends on the command and, for ``columns`` and ``format``, on the file the message
is about; :func:`command_flags` works that out and :func:`flag_words` rewrites the message.
"""

from __future__ import annotations

import argparse
import ast
import re
import shlex
from collections.abc import Mapping

__all__ = ["command_flags", "flag_words"]

#: arguments whose flag depends on the file: the flags of the orders (or payment
#: attempts), the flags of the outages
_PER_FILE = {
    "columns": (("--orders-columns", "--transactions-columns"), ("--outages-columns",)),
    "format": (("--orders-format", "--transactions-format"), ("--outages-format",)),
}
#: an argument named in a message: not part of a longer word, a path or a flag
_ARGUMENT = re.compile(r"(?<![\w.\-/'\"])([a-z][a-z_]*)=")
#: an argument a sentence starts with: "margin must be ...", "path: columns['x'] is ..."
_SUBJECT = re.compile(
    r"(?P<lead>^|: |; )(?P<name>[a-z][a-z_]*)(?:\[(?P<key>'[^']*'|\"[^\"]*\")\])? "
)
#: a call such as claimstats.incidents(outages, as_of=...) or EngineSettings(tz=...)
_CALL = re.compile(r"(?<![\w.])(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*\([^()]*=[^()]*\)")


def command_flags(parser: argparse.ArgumentParser, about: str | None) -> dict[str, str]:
    """Argument name -> the flag that sets it in this command.

    Parameters
    ----------
    parser
        The command's parser (``claimstats report``'s, ``validate``'s, ...).
    about
        ``"orders"`` or ``"outages"`` when the message is about that file; None when
        unknown (``columns=`` then names both flags).

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> _ = p.add_argument("--orders-columns"); _ = p.add_argument("--outages-columns")
    >>> _ = p.add_argument("--as-of", dest="as_of")
    >>> command_flags(p, "outages")["columns"], command_flags(p, None)["columns"]
    ('--outages-columns', '--orders-columns or --outages-columns')
    """
    flags = {
        action.dest: max(action.option_strings, key=len)
        for action in parser._actions
        if action.option_strings and action.dest != "help"
    }
    for name, per_file in _PER_FILE.items():
        if name in flags:
            continue
        own = [[f for f in group if f.replace("-", "_")[2:] in flags] for group in per_file]
        chosen = own[("orders", "outages").index(about)] if about else []
        if chosen:
            flags[name] = chosen[0]
        elif any(own):
            flags[name] = " or ".join(f for group in own for f in group)
    return {name: flags[name] for name in sorted(flags)}


def flag_words(message: str, flags: Mapping[str, str]) -> str:
    """``message`` with each Python argument it names written as the command's flag.

    ``name="value"`` becomes ``--flag value``, a mapping ``{"a": "b"}`` becomes
    ``--flag a=b,...``, ``name=None`` becomes "no --flag", and a call such as
    ``claimstats.incidents(outages, as_of=...)`` becomes its flags. Arguments the command
    has no flag for stay as they are.

    Examples
    --------
    >>> flags = {"columns": "--orders-columns", "tz": "--tz", "on_error": "--on-error"}
    >>> flag_words('say which column holds it with columns={"timestamp": "<your column>"}', flags)
    "say which column holds it with --orders-columns 'timestamp=<your column>'"
    >>> flag_words('pass tz="Asia/Shanghai", or on_error="reject" to keep the rest', flags)
    'pass --tz Asia/Shanghai, or --on-error reject to keep the rest'
    >>> flag_words("orders.csv: columns['amount'] must be a column name", flags)
    "orders.csv: --orders-columns: 'amount' must be a column name"
    """
    message = _CALL.sub(lambda call: _call_flags(call, flags), message)
    message = _SUBJECT.sub(lambda found: _subject(found, flags), message)
    out: list[str] = []
    at = 0
    for found in _ARGUMENT.finditer(message):
        if found.start() < at or found.group(1) not in flags:
            continue
        value, end = _value(message, found.end())
        out += [message[at : found.start()], _flag(flags[found.group(1)], value)]
        at = end
    return "".join([*out, message[at:]])


def _subject(found: re.Match[str], flags: Mapping[str, str]) -> str:
    """An argument that a sentence is about (``margin must be ...``), as its flag."""
    name, key = found.group("name"), found.group("key")
    if name not in flags:
        return found.group(0)
    return f"{found.group('lead')}{flags[name]}{f': {key}' if key else ''} "


def _call_flags(call: re.Match[str], flags: Mapping[str, str]) -> str:
    """A call whose keyword arguments all have flags, as those flags; else unchanged."""
    try:
        node = ast.parse(call.group(0), mode="eval").body
    except SyntaxError:
        return call.group(0)
    keywords = node.keywords if isinstance(node, ast.Call) else []
    if not keywords or any(k.arg not in flags for k in keywords):
        return call.group(0)
    said = []
    for keyword in keywords:
        try:
            value = ast.literal_eval(keyword.value)
        except ValueError:  # a name or an expression: no value to give
            value = None
        said.append(_flag(flags[str(keyword.arg)], None if value is Ellipsis else value))
    return " ".join(said)


def _value(message: str, start: int) -> tuple[object, int]:
    """The Python value written at ``start`` and where it ends (None: no value written)."""
    rest = message[start:]
    if rest.startswith("..."):
        return None, start + 3
    if rest[:1] in ("{", '"', "'"):
        end = _literal_end(rest)
        if end:
            try:
                return ast.literal_eval(rest[:end]), start + end
            except (ValueError, SyntaxError):
                pass
    token = re.match(r"[\w.:+\-/]+", rest)
    if token is None:
        return None, start
    word = token.group(0).rstrip(".")
    return {"None": False, "True": True}.get(word, word), start + len(word)


def _literal_end(text: str) -> int:
    """Length of the quoted string or balanced ``{...}`` at the start of ``text`` (0: none)."""
    depth, quote = 0, ""
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
            if not quote and depth == 0:
                return i + 1
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return 0


def _flag(flag: str, value: object) -> str:
    if value is None or value is True:
        return flag
    if value is False:
        return f"no {flag}"
    if isinstance(value, Mapping):
        value = ",".join(f"{k}={v}" for k, v in value.items())
    return f"{flag} {shlex.quote(str(value))}"

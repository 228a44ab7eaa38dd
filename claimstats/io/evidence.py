"""Evidence the claimant lists: screenshots, recordings, chat exports, contracts, support
tickets, network diagnostics.

The report's evidence inventory names every input file read (its
:class:`~claimstats.models.FileProvenance`) and, from a list the user writes, every other
piece of evidence. One item per row (CSV) or record (JSON: a list, or
``{"evidence": [...]}``), with

``name``
    what it is ("客服聊天记录 8月4日", "Screenshot of the error page");
``description``
    what it shows (optional);
``kind``
    screenshot, recording, chat, contract, ticket, network or other (Chinese words such
    as 截图, 录屏, 聊天记录, 合同, 工单, 网络诊断 work too); left empty, it follows the
    file: an image is a screenshot, a video or sound file a recording, else other;
``path``
    the file, relative to the folder of the list (optional: a paper contract has none; a
    ``https://`` link is kept as written, without a digest).

Each file listed is fingerprinted (SHA-256 and size, read in chunks, so a long screen
recording is never held in memory), which shows later that it is unchanged. Its
modification time is not recorded: a copy or a download changes it while the bytes stay
the same, and the report of identical evidence must be identical byte for byte.

claimstats never asks for or stores a password or a verification code: a name or a
description that seems to hold one (:func:`claimstats.io.secrets.looks_like_secret`) is
refused. Every problem in a list is collected and reported at once, naming the line and
the column, as the other loaders do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import get_args

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError
from claimstats.io.lists import list_columns, read_list
from claimstats.io.problems import Problems
from claimstats.io.secrets import looks_like_secret
from claimstats.io.sources import fingerprint
from claimstats.io.tables import blank_mask
from claimstats.models import EvidenceItem, EvidenceKind

__all__ = [
    "EVIDENCE_COLUMNS",
    "EvidenceItem",
    "EvidenceKind",
    "evidence_items",
    "read_evidence_list",
]

#: the columns of an evidence list; each item needs a name or a path
EVIDENCE_COLUMNS = ("name", "description", "kind", "path")


#: the words a list may use for each kind (besides the kind's own name)
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "screenshot": ("screenshots", "screen shot", "image", "photo", "截图", "截屏", "照片", "图片"),
    "recording": ("screen recording", "video", "audio", "录屏", "录像", "视频", "录音"),
    "chat": ("chat log", "chat export", "messages", "聊天记录", "聊天", "对话记录"),
    "contract": ("agreement", "terms of service", "合同", "协议", "服务协议"),
    "ticket": ("support ticket", "complaint", "工单", "客服工单", "投诉"),
    "network": ("network diagnostics", "speed test", "traceroute", "网络", "网络诊断", "测速"),
    "other": ("其他", "其它"),
}
_KINDS = {
    word.casefold(): kind for kind in get_args(EvidenceKind) for word in (kind, *_KIND_WORDS[kind])
}
_KIND_OF_SUFFIX = {
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp"), "screenshot"),
    **dict.fromkeys((".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4a", ".mp3", ".wav", ".amr"),
                    "recording"),
}  # fmt: skip
_LINK = re.compile(r"https?://", re.IGNORECASE)
_SECRET = (
    "seems to hold a password or a verification code; claimstats never stores secrets: "
    "delete the value from the list (write e.g. 'login page, password not shown')"
)


_HINT = (
    "name the columns name, description, kind and path (a name or a path for each item; the "
    "rest optional)"
)


def _texts(
    frame: pd.DataFrame, names: dict[str, str]
) -> tuple[dict[str, list[str]], dict[str, np.ndarray]]:
    """Each canonical column as text per row (blank or absent: ``""``), and for each column
    the rows holding a list or an object (JSON), which are not text."""
    texts, nested = {}, {}
    for column in EVIDENCE_COLUMNS:
        if column not in names:
            texts[column] = [""] * len(frame)
            nested[column] = np.zeros(len(frame), dtype=bool)
            continue
        values = frame[names[column]]
        blank = blank_mask(values)
        nested[column] = np.array([isinstance(v, dict | list) for v in values.tolist()], bool)
        texts[column] = [
            "" if blank[i] or nested[column][i] else str(value).strip()
            for i, value in enumerate(values.tolist())
        ]
    return texts, nested


def _kind(word: str, path: str) -> str | None:
    """The kind a list names, or the one its file suggests; None for an unknown word."""
    if word:
        return _KINDS.get(" ".join(word.casefold().split()))
    return _KIND_OF_SUFFIX.get(Path(path).suffix.lower(), "other")


def _file(path: str, folder: Path | None) -> tuple[Path | None, str | None]:
    """The file a listed path names (None for a link), or why it cannot be used."""
    if _LINK.match(path):
        return None, None
    file = Path(path).expanduser()
    file = file if file.is_absolute() or folder is None else folder / file
    where = f"paths are relative to {folder or Path.cwd()}"
    if not file.exists():
        return None, (
            f"no such file ({where}); correct the path, or leave it empty for evidence that "
            "is not a file, such as a paper contract"
        )
    if not file.is_file():
        return None, (
            f"is a folder, not a file ({where}); list each file of it as its own item, or "
            "pack the folder into one .zip file and list that"
        )
    try:
        with file.open("rb"):
            pass
    except OSError as exc:
        return None, f"the file cannot be read ({exc.strerror or exc}); check that you may read it"
    return file, None


def _items(
    frame: pd.DataFrame, lines: np.ndarray, label: str, folder: Path | None
) -> list[EvidenceItem]:
    """Check every row of an evidence list, then fingerprint the files listed."""
    names = list_columns(frame.columns, label, "an evidence list", EVIDENCE_COLUMNS,
                         [("name", "path")], _HINT)  # fmt: skip
    texts, nested = _texts(frame, names)
    rows = len(frame)
    kinds = [_kind(texts["kind"][i], texts["path"][i]) for i in range(rows)]
    files = [_file(path, folder) if path else (None, None) for path in texts["path"]]
    problems = Problems(lines, frame, label)
    for column in names:
        problems.add(names[column], "not text; write it as plain text", nested[column], shown=False)
    nameless = [not texts["name"][i] and not texts["path"][i] for i in range(rows)]
    problems.add(names.get("name", names.get("path", "path")),
                 "neither a name nor a path; say what it is", np.array(nameless) & ~nested["path"],
                 shown=False)  # fmt: skip
    kinds_known = ", ".join(get_args(EvidenceKind))
    problems.add(names.get("kind", "kind"),
                 f"not a kind of evidence; write one of {kinds_known} (or leave it empty)",
                 np.array([kind is None for kind in kinds]))  # fmt: skip
    for reason in dict.fromkeys(why for _, why in files if why is not None):
        problems.add(names["path"], reason, np.array([why == reason for _, why in files]))
    for column in ("name", "description"):
        secret = np.array([looks_like_secret(text) for text in texts[column]])
        problems.add(names.get(column, column), _SECRET, secret, shown=False)
    if problems.issues:
        raise problems.error(what="evidence", unit="item", rejectable=False)
    prints = [fingerprint(file)[:2] if file is not None else (None, None) for file, _ in files]
    return [
        EvidenceItem(
            name=texts["name"][i] or _name_of(texts["path"][i]),
            description=texts["description"][i],
            kind=kinds[i],
            path=texts["path"][i] or None,
            sha256=prints[i][0],
            size_bytes=prints[i][1],
        )
        for i in range(rows)
    ]


def _name_of(path: str) -> str:
    """The name of an item that has none: its file name, or its link."""
    return path if _LINK.match(path) else Path(path).name or path


def evidence_items(
    rows: Sequence[Mapping[str, object] | EvidenceItem], base: str | os.PathLike[str] | None = None
) -> list[EvidenceItem]:
    """Check a list of evidence items given in Python and fingerprint their files.

    Parameters
    ----------
    rows
        One mapping per item, with the keys of :data:`EVIDENCE_COLUMNS`: ``name``
        and/or ``path``, and optionally ``description`` and ``kind``; or an
        :class:`~claimstats.models.EvidenceItem` already made (from a list read with
        :func:`read_evidence_list`), kept as it is.
    base
        The folder relative paths start from; None: the current folder.

    Returns
    -------
    list of EvidenceItem
        In the order given.

    Raises
    ------
    DataError
        Naming each item (counted from 1) and key that is not valid: a file that does
        not exist, an unknown kind, a password or code in a name or description.
    ConfigError
        ``rows`` is not a list of mappings.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "error.png").write_bytes(b"abc")
    >>> items = evidence_items([{"path": "error.png", "description": "the error page"},
    ...                         {"name": "服务合同", "kind": "合同"}], base=folder)
    >>> [(item.name, item.kind, item.size_bytes) for item in items]
    [('error.png', 'screenshot', 3), ('服务合同', 'contract', None)]
    >>> items[0].sha256[:12]
    'ba7816bf8f01'
    """
    if isinstance(rows, Mapping | str) or not isinstance(rows, Sequence):
        msg = (
            "evidence must be a list of items such as "
            '[{"name": "chat with support", "kind": "chat", "path": "chat.txt"}]'
        )
        raise ConfigError(msg)
    given = [isinstance(row, EvidenceItem) for row in rows]
    bad = next(
        (n for n, row in enumerate(rows, 1) if not (given[n - 1] or isinstance(row, Mapping))),
        None,
    )
    if bad is not None:
        msg = f"evidence item {bad} is a {type(rows[bad - 1]).__name__}, not a mapping of "
        msg += "name, description, kind and path"
        raise ConfigError(msg)
    listed = [dict(row) for row, made in zip(rows, given, strict=True) if not made]
    checked = iter([])
    if listed:
        frame = pd.DataFrame.from_records(listed)
        lines = np.flatnonzero(~np.asarray(given)) + 1
        folder = Path(base).expanduser() if base is not None else None
        checked = iter(_items(frame, lines.astype(np.int64), "evidence items", folder))
    return [row if made else next(checked) for row, made in zip(rows, given, strict=True)]


def read_evidence_list(path: str | os.PathLike[str]) -> list[EvidenceItem]:
    """Read the claimant's list of evidence from a CSV or JSON file.

    Parameters
    ----------
    path
        A ``.csv`` (or ``.tsv``/``.txt``) file with a header row, or a ``.json`` file
        holding a list of records or ``{"evidence": [...]}`` (or JSON Lines). Paths in
        it are relative to the folder of the list.

    Returns
    -------
    list of EvidenceItem
        In the order of the file.

    Raises
    ------
    DataError
        The list is missing or empty, lacks both the ``name`` and the ``path`` column,
        has other columns, or has rows that are not valid (a file that does not exist,
        an unknown kind, a password or code); every bad row is named with its line (for
        a JSON list: the record's number from 1) and its column.
    FormatError
        The file is neither CSV nor JSON.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "chat.txt").write_text("09:40 客服: 正在处理", encoding="utf-8")
    >>> listed = folder / "evidence.csv"
    >>> _ = listed.write_text("name,kind,path\\n客服聊天记录,聊天记录,chat.txt\\n"
    ...                       "服务协议,contract,\\n", encoding="utf-8")
    >>> [(item.name, item.kind, item.path) for item in read_evidence_list(listed)]
    [('客服聊天记录', 'chat', 'chat.txt'), ('服务协议', 'contract', None)]
    """
    source, table = read_list(path, "an evidence list", "evidence")
    folder = source.path.parent if source.path is not None else None
    return _items(table.frame, table.lines, source.label, folder)

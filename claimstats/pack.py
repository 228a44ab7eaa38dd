"""The claim pack: one ZIP the other side can check end to end, and its check.

:func:`write_claim_pack` analyses a claim and writes one ZIP holding the report (HTML,
JSON, the Excel loss schedule), the inputs the analysis read (customers and free text
masked unless ``mask=False``), the evidence files the evidence list names, a README in
Chinese and English, and ``manifest.json``: every file's SHA-256 and size, every setting
of the analysis, and the versions of claimstats, numpy, pandas and scipy. The same inputs
and ``as_of`` give the same bytes.

:func:`verify_claim_pack` checks every digest, re-runs the analysis from the packed
inputs and settings, and compares every figure of the JSON as the outputs round them (all
but how the claimant's files were read and named, and the version: :data:`NOT_RECOMPUTED`). A pack that cannot be
read safely (not a ZIP, too big once unpacked, a path leaving its folder, no manifest)
raises :class:`PackError`; members are read into memory and written only beneath a
temporary folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from claimstats._files import write_atomic
from claimstats._version import installed_version
from claimstats.errors import ClaimstatsError, ConfigError
from claimstats.io import read_evidence_list, read_expenses
from claimstats.io.expenses import EXPENSE_COLUMNS
from claimstats.models import ClaimPolicy, EstimatorSettings
from claimstats.pipeline import (
    ClaimDocuments,
    analyze_claim,
    read_claim_files,
    unknown_settings,
)
from claimstats.privacy import mask_frame, mask_text
from claimstats.report import (
    ImpactReport,
    Presentation,
    build_report,
    render_json,
    render_loss_schedule,
)
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS

__all__ = [
    "CLAIM_SETTINGS",
    "MAX_RATIO",
    "MAX_UNPACKED",
    "NOT_RECOMPUTED",
    "FigureCheck",
    "PackCheck",
    "PackError",
    "read_claim_pack",
    "verify_claim_pack",
    "write_claim_pack",
]

#: the format written into the manifest
PACK_FORMAT = "claimstats-pack/1"
#: most bytes a pack may hold once unpacked, and most a member may grow by
MAX_UNPACKED = 512 * 1024**2
MAX_RATIO = 200
_PERMISSIONS = 0o644 << 16
_EVIDENCE_COLUMNS = ("name", "description", "kind", "path")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

_README = """\
claimstats 索赔材料包 / claim pack

【中文】
本压缩包由 claimstats {version} 生成，包含影响报告（HTML、JSON、Excel 损失明细表）、
分析所读取的输入文件{masked_zh}、证据清单所列的证据文件，以及 manifest.json
（每个文件的 SHA-256 与大小、分析的全部设置、软件版本）。
核对方法：安装 claimstats（pip install claimstats=={version}），然后运行
    claimstats verify 本文件.zip
它会检查每个文件的摘要，用包内的输入和设置重新计算，并逐项比较报告中的金额。
退出码 0 表示全部一致，1 表示有数字或摘要不一致（会列出是哪一项），2 表示无法读取此包。
inputs/ 中的 CSV 是索赔方的原始数据：请以文本方式导入表格软件，不要双击打开（单元格中的公式会被执行）。

[English]
Written by claimstats {version}: the impact report (HTML, JSON, Excel loss schedule),
the input files the analysis read{masked_en}, the evidence files the evidence list
names, and manifest.json (each file's SHA-256 and size, every setting of the analysis,
the software versions).
To check it, install claimstats (pip install claimstats=={version}) and run
    claimstats verify THIS-FILE.zip
It checks every file's digest, re-runs the analysis from the packed inputs and settings,
and compares every figure of the report. Exit status 0: all agree; 1: a figure or a
digest differs (it names which); 2: the pack cannot be read.
The CSV files in inputs/ are the claimant's data: import them into a spreadsheet as text
rather than opening them by double-click (a cell written as a formula would run).
"""


class PackError(ClaimstatsError):
    """A claim pack cannot be read: not a ZIP, too big, unsafe paths, or incomplete."""


class FigureCheck(BaseModel):
    """One figure of the report: as the pack states it, as recomputed, and whether equal."""

    model_config = ConfigDict(frozen=True)

    figure: str
    in_pack: Any = None
    recomputed: Any = None
    same: bool


class PackCheck(BaseModel):
    """What :func:`verify_claim_pack` found.

    ``ok`` is true when every digest matches, no file is missing or extra, and every
    figure recomputed equals the pack's.
    """

    model_config = ConfigDict(frozen=True)

    path: str
    changed: list[str] = []
    missing: list[str] = []
    extra: list[str] = []
    figures: list[FigureCheck] = []
    versions: dict[str, str] = {}
    error: str | None = None

    @property
    def digests_ok(self) -> bool:
        """Every file the pack holds has the digest and size the manifest gives."""
        return not self.changed

    @property
    def figures_ok(self) -> bool:
        return bool(self.figures) and all(f.same for f in self.figures)

    @property
    def ok(self) -> bool:
        return self.digests_ok and not self.missing and not self.extra and self.figures_ok

    @property
    def other_versions(self) -> dict[str, tuple[str, str]]:
        """The packages whose version here differs from the pack's: name to (the pack's,
        this machine's). A figure that differs may then come from the software, not the
        inputs: re-check with the pack's versions before concluding."""
        here = _versions()
        return {
            name: (packed, here[name])
            for name, packed in sorted(self.versions.items())
            if name in here and here[name] != packed
        }


def _versions() -> dict[str, str]:
    found = {"claimstats": installed_version()}
    for name in ("numpy", "pandas", "scipy"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _csv(frame: pd.DataFrame, columns: tuple[str, ...]) -> bytes:
    present = [c for c in columns if c in frame.columns]
    out = frame[present].copy()
    for name in present:
        if isinstance(out[name].dtype, pd.DatetimeTZDtype):
            out[name] = out[name].map(lambda t: "" if pd.isna(t) else t.isoformat())
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _member_name(text: str) -> str:
    clean = _UNSAFE.sub("_", text).strip("._") or "file"
    return clean[:80]


def _json_ready(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, timedelta | pd.Timedelta):
        return pd.Timedelta(value).isoformat()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _evidence_files(listed: list[Any], mask: bool, base: Path) -> tuple[bytes, dict[str, bytes]]:
    """The evidence list rewritten to name the packed files, and those files."""
    rows: list[dict[str, str]] = []
    files: dict[str, bytes] = {}
    for i, item in enumerate(listed, start=1):
        path = item.path
        if path and item.sha256 is not None:
            source = Path(path).expanduser()
            source = source if source.is_absolute() else base / source
            if source.is_file():
                member = f"evidence/{i:02d}-{_member_name(source.name)}"
                files[member] = source.read_bytes()
                path = member
        description = item.description or ""
        rows.append(
            {
                "name": item.name,
                "description": mask_text(description) if mask and description else description,
                "kind": item.kind or "",
                "path": path or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(_EVIDENCE_COLUMNS))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8"), files


def _expenses(items: list[Any]) -> bytes:
    """The expenses as CSV, their free text masked (a courier's phone, a payee's e-mail)."""
    rows = [
        {
            "amount": item.amount,
            "description": mask_text(item.description),
            "evidence": mask_text(item.evidence),
            "claimed": "yes" if item.claimed else "no",
        }
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=list(EXPENSE_COLUMNS))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


#: what ``claim`` of :func:`write_claim_pack` may set: the keyword arguments of
#: :func:`claimstats.analyze_claim` besides ``tz`` (``currency`` is a reading option)
CLAIM_SETTINGS = (
    "service", "channel", "control", "margin", "as_of", "documents", "estimator", "policy",
)  # fmt: skip


def write_claim_pack(
    path: str | os.PathLike[str],
    orders: str | os.PathLike[str],
    outages: str | os.PathLike[str],
    *,
    tz: str,
    claim: Mapping[str, Any] | None = None,
    reading: Mapping[str, Mapping[str, Any]] | None = None,
    presentation: Presentation | Mapping[str, Any] | None = None,
    mask: bool = True,
    printer: Callable[[str], bytes] | None = None,
) -> Path:
    """Analyse a claim and write its pack, one ZIP to send to the other side.

    Parameters
    ----------
    path
        The ZIP to write (atomically).
    orders, outages
        The input files.
    tz
        The claimant's IANA time zone, as for :func:`claimstats.analyze_claim`.
    claim
        The claim's settings, as the keyword arguments of
        :func:`claimstats.analyze_claim` (:data:`CLAIM_SETTINGS`: ``service``,
        ``channel``, ``control``, ``margin``, ``as_of``, ``documents``, ``estimator``,
        ``policy``); ``documents`` paths are packed. Give ``as_of`` for the same bytes
        from the same inputs.
    reading
        How the files are read: ``{"orders": {...}, "outages": {...}}``, the keyword
        arguments of :func:`claimstats.read_orders` and :func:`claimstats.read_outages`
        (:data:`claimstats.io.options.READING_SETTINGS`: ``format``, ``columns``,
        ``currency``, ...).
    presentation
        How the report is worded (:class:`claimstats.Presentation`).
    mask
        Mask customers and free text in the packed inputs (written as CSV in the
        canonical columns); False packs the original bytes (do not share).
    printer
        Turns the report's HTML into the bytes of a PDF (the command line passes one
        that prints with Chromium, :mod:`claimstats.export`); the pack then also holds
        ``report/impact_report.pdf``. None: no PDF.

    Returns
    -------
    Path

    Raises
    ------
    ConfigError
        ``claim`` or ``reading`` sets something they cannot, or a document is not a file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from claimstats.datasets import write_sample
    >>> folder = Path(tempfile.mkdtemp())
    >>> orders, outages = write_sample(folder)[:2]
    >>> pack = write_claim_pack(folder / "claim.zip", orders, outages, tz="Asia/Shanghai",
    ...     claim={"channel": "whatsapp", "margin": 0.4, "as_of": "2026-08-10T10:00+08:00",
    ...            "estimator": {"method": "seasonal", "sensitivity": False}})
    >>> verify_claim_pack(pack).ok
    True
    """
    claim = dict(claim or {})
    unknown_settings(claim, CLAIM_SETTINGS, "claim")
    documents = ClaimDocuments.coerce(claim.pop("documents", None))
    files = {
        "orders": orders,
        "outages": outages,
        "expenses": documents.expenses or None,
        "evidence": documents.evidence or None,
        "sla_schedule": documents.sla_schedule,
    }
    for kind, given in files.items():
        if given is not None and not isinstance(given, str | os.PathLike):
            the = "the path of an evidence list" if kind == "evidence" else "a file path"
            msg = f"a pack needs {kind} as {the}, so the other side can re-run it"
            raise ConfigError(msg)
    estimator = EstimatorSettings.model_validate(claim.pop("estimator", None) or {})
    policy = ClaimPolicy.model_validate(claim.pop("policy", None) or {})
    presentation = Presentation.model_validate(presentation or {})
    if mask and not presentation.mask:
        msg = (
            "a masked pack needs a masked report: presentation mask=False would show the "
            "customers the packed inputs hide; leave the report masked, or pack the "
            "original files with mask=False (do not share such a pack)"
        )
        raise ConfigError(msg)
    # the lists read once: the analysis takes what they hold, the pack their files
    read = {
        kind: reader(getattr(documents, kind))
        for kind, reader in (("expenses", read_expenses), ("evidence", read_evidence_list))
        if getattr(documents, kind)
    }
    context = {name: claim.get(name) for name in ("service", "channel", "control", "margin")}
    frames = read_claim_files(
        orders, outages, tz=tz, as_of=claim.get("as_of"), service=context["service"],
        reading=reading,
    )  # fmt: skip
    analysis = analyze_claim(
        *frames, tz=tz, **context, as_of=claim.get("as_of"),
        documents=dataclasses.replace(documents, **read), estimator=estimator, policy=policy,
    )  # fmt: skip
    members = _report_files(build_report(analysis, presentation), printer)
    if mask:
        inputs = _masked_inputs(*frames, members)
    else:
        inputs = _original_inputs({"orders": orders, "outages": outages}, reading or {}, members)
    inputs |= _documents(documents, read, mask, members)
    members["README.txt"] = _README.format(
        version=installed_version(),
        masked_zh="（客户信息与自由文本已遮蔽，改写为标准列的 CSV）" if mask else "（原始文件）",
        masked_en=(
            " (customers and free text masked, rewritten as CSV in the canonical columns)"
            if mask
            else " (the original files)"
        ),
    ).encode("utf-8")
    settings = {
        "tz": tz,
        **context,
        "as_of": analysis.as_of.isoformat(),
        "filed_on": _json_ready(documents.filed_on),
        "estimator": estimator.model_dump(mode="json"),
        "policy": policy.model_dump(mode="json"),
        "presentation": presentation.model_dump(mode="json"),
    }
    manifest = {
        "format": PACK_FORMAT,
        "versions": _versions(),
        "settings": settings,
        "inputs": inputs,
        "masked": mask,
        "files": [
            {"path": member, "sha256": _sha256(data), "size": len(data)}
            for member, data in sorted(members.items())
        ],
    }
    members["manifest.json"] = (
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    return write_atomic(path, _zip(members, analysis.as_of))


def _report_files(report: ImpactReport, printer: Callable[[str], bytes] | None) -> dict[str, bytes]:
    """The report's HTML, JSON and Excel loss schedule, and its PDF when a printer is given."""
    html = report.render_html()
    members = {
        "report/impact_report.html": html.encode("utf-8"),
        "report/impact_report.json": (render_json(report) + "\n").encode("utf-8"),
        "report/loss_schedule.xlsx": render_loss_schedule(report),
    }
    if printer is not None:
        members["report/impact_report.pdf"] = printer(html)
    return members


def _masked_inputs(
    orders: pd.DataFrame, outages: pd.DataFrame, members: dict[str, bytes]
) -> dict[str, Any]:
    """The orders and outages as read, customers and free text masked, as canonical CSV
    (added to ``members``); their manifest entries."""
    text = [c for c in ("description",) if c in outages.columns]
    members["inputs/orders.csv"] = _csv(mask_frame(orders, ("customer",)), tuple(ORDER_COLUMNS))
    members["inputs/outages.csv"] = _csv(
        mask_frame(outages, (), text_columns=text), tuple(OUTAGE_COLUMNS)
    )
    return {
        kind: {"file": f"inputs/{kind}.csv", "masked": True, "options": {}}
        for kind in ("orders", "outages")
    }


def _original_inputs(
    sources: Mapping[str, str | os.PathLike[str]],
    reading: Mapping[str, Mapping[str, Any]],
    members: dict[str, bytes],
) -> dict[str, Any]:
    """The orders' and outages' own files (added to ``members``), with how they are read."""
    inputs = {}
    for kind, source in sources.items():
        member = f"inputs/{kind}-{_member_name(Path(source).name)}"
        members[member] = Path(source).read_bytes()
        inputs[kind] = {"file": member, "masked": False, "options": dict(reading.get(kind, {}))}
    return inputs


def _documents(
    documents: ClaimDocuments, read: Mapping[str, Any], mask: bool, members: dict[str, bytes]
) -> dict[str, Any]:
    """The expenses (masked unless ``mask`` is False), the SLA schedule, the evidence list
    and the files it names (added to ``members``); their manifest entries."""
    inputs: dict[str, Any] = {}
    if documents.expenses and mask:
        members["inputs/expenses.csv"] = _expenses(read["expenses"])
        inputs["expenses"] = {"file": "inputs/expenses.csv", "masked": True}
    for kind in ("sla_schedule", *(("expenses",) if not mask else ())):
        given = getattr(documents, kind)
        if given:
            member = f"inputs/{kind}-{_member_name(Path(given).name)}"
            members[member] = Path(given).read_bytes()
            inputs[kind] = {"file": member, "masked": False}
    if documents.evidence:
        data, files = _evidence_files(read["evidence"], mask, Path(documents.evidence).parent)
        members["inputs/evidence.csv"] = data
        members.update({f"inputs/{name}": content for name, content in files.items()})
        inputs["evidence"] = {"file": "inputs/evidence.csv", "masked": mask}
    return inputs


def _zip(members: Mapping[str, bytes], moment: pd.Timestamp) -> bytes:
    stamp = max(pd.Timestamp(moment).tz_convert("UTC"), pd.Timestamp("1980-01-01", tz="UTC"))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(members):
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = _PERMISSIONS
            entry.create_system = 3
            target.writestr(entry, members[name])
    return out.getvalue()


# ---------------------------------------------------------------- reading a pack


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        return False
    parts = PurePosixPath(name).parts
    return all(part not in ("", ".", "..") for part in parts)


def read_claim_pack(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """The members of a pack, read into memory after checking it is safe to read.

    Nothing is written to disk; the digests are not checked here
    (:func:`verify_claim_pack` does).

    Raises
    ------
    PackError
        Not a ZIP, a member's path leaves the pack's folder, or the members would
        unpack to more than :data:`MAX_UNPACKED` bytes or grow more than
        :data:`MAX_RATIO` times.
    """
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        msg = f"{where}: not a ZIP file ({exc}); give the claim.zip that claimstats pack wrote"
        raise PackError(msg) from exc
    members: dict[str, bytes] = {}
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        for info in archive.infolist():
            if not _safe_name(info.filename):
                msg = (
                    f"{where}: member {info.filename!r} would be written outside the pack's "
                    "folder; refusing to read this pack (ask the sender for a new one)"
                )
                raise PackError(msg)
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNPACKED:
            msg = (
                f"{where}: unpacks to {declared} bytes, more than the {MAX_UNPACKED} a claim "
                "pack may hold; refusing to read it (a ZIP bomb?)"
            )
            raise PackError(msg)
        total = 0
        for info in infos:
            if info.file_size > 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                msg = (
                    f"{where}: member {info.filename!r} grows {info.file_size} bytes from "
                    f"{info.compress_size}, more than {MAX_RATIO} times; refusing to read it "
                    "(a ZIP bomb?)"
                )
                raise PackError(msg)
            try:
                with archive.open(info) as stream:
                    data = stream.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                msg = f"{where}: member {info.filename!r} cannot be read ({exc})"
                raise PackError(msg) from exc
            total += len(data)
            if len(data) > info.file_size or total > MAX_UNPACKED:
                msg = f"{where}: member {info.filename!r} is larger than its header says"
                raise PackError(msg)
            if info.filename in members:
                msg = f"{where}: member {info.filename!r} appears twice"
                raise PackError(msg)
            members[info.filename] = data
    return members


def _manifest(where: str, members: Mapping[str, bytes]) -> dict[str, Any]:
    if "manifest.json" not in members:
        msg = f"{where}: no manifest.json; this is not a pack written by claimstats pack"
        raise PackError(msg)
    try:
        manifest = json.loads(members["manifest.json"].decode("utf-8"))
        files = manifest["files"]
        settings = manifest["settings"]
        inputs = manifest["inputs"]
        if not isinstance(files, list) or not all(
            isinstance(f["path"], str) and isinstance(f["sha256"], str) for f in files
        ):
            msg = "files is not a list of paths and digests"
            raise TypeError(msg)
        if not isinstance(settings, dict) or not isinstance(inputs, dict):
            msg = "settings or inputs is not a mapping"
            raise TypeError(msg)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        msg = f"{where}: manifest.json cannot be read ({type(exc).__name__}: {exc})"
        raise PackError(msg) from exc
    if manifest.get("format") != PACK_FORMAT:
        msg = f"{where}: manifest.json is of format {manifest.get('format')!r}, not {PACK_FORMAT}"
        raise PackError(msg)
    return manifest


def _rerun(folder: Path, manifest: Mapping[str, Any]) -> str:
    """The JSON of the report re-computed from the unpacked inputs and the settings."""
    settings = manifest["settings"]
    inputs = manifest["inputs"]

    def file(kind: str) -> Path | None:
        entry = inputs.get(kind)
        if not entry:
            return None
        if not _safe_name(entry["file"]):
            msg = f"manifest.json names the unsafe path {entry['file']!r}"
            raise PackError(msg)
        return folder / entry["file"]

    tz = settings["tz"]
    orders, outages = read_claim_files(
        file("orders"), file("outages"), tz=tz, as_of=settings["as_of"],
        service=settings["service"],
        reading={kind: inputs[kind].get("options", {}) for kind in ("orders", "outages")},
    )  # fmt: skip
    analysis = analyze_claim(
        orders, outages, tz=tz, service=settings["service"], channel=settings["channel"],
        control=settings["control"], margin=settings["margin"], as_of=settings["as_of"],
        documents=ClaimDocuments(
            expenses=file("expenses") or (), evidence=file("evidence") or (),
            sla_schedule=file("sla_schedule"), filed_on=settings.get("filed_on"),
        ),
        estimator=EstimatorSettings.model_validate(settings["estimator"]),
        policy=ClaimPolicy.model_validate(settings["policy"]),
    )  # fmt: skip
    report = build_report(analysis, Presentation.model_validate(settings["presentation"]))
    return render_json(report)


def _flat(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key in sorted(value):
            out.update(_flat(value[key], f"{prefix}.{key}"))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out.update(_flat(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


#: parts of the report's JSON that describe the input files as the claimant read them
#: (name, format, encoding, digest, size, rows read and rejected, the offsets written; not
#: the rows kept nor the span, which are compared), where each evidence file was, and the
#: claim statement's sentence naming those files: the pack holds masked copies in the
#: canonical columns and renamed files, whose digests the manifest checks instead (an
#: evidence file's own digest is compared); and the version of claimstats, which
#: ``versions`` shows
NOT_RECOMPUTED = re.compile(
    r"^(evidence\[\d+\]\.(?!(kind|rows_kept|time_start|time_end)$)"
    r"|evidence_items\[\d+\]\.path$|statements\.\w+\.evidence$|version$)"
)


def _figures(packed: Any, recomputed: Any) -> list[FigureCheck]:
    """Every value of the two JSON documents, side by side, but :data:`NOT_RECOMPUTED`."""
    mine = _flat(packed, "") if isinstance(packed, dict) else {}
    theirs = _flat(recomputed, "")
    rows = []
    for name in sorted(set(mine) | set(theirs)):
        figure = name.removeprefix(".")
        a, b = mine.get(name), theirs.get(name)
        if (a is None and b is None) or NOT_RECOMPUTED.match(figure):
            continue
        rows.append(FigureCheck(figure=figure, in_pack=a, recomputed=b, same=a == b))
    return rows


def verify_claim_pack(path: str | os.PathLike[str]) -> PackCheck:
    """Check a claim pack: its digests, then every figure re-computed from its inputs.

    Returns
    -------
    PackCheck
        ``ok`` when all agree. Files the manifest names but the pack lacks are in
        ``missing`` (and nothing is re-computed); files it does not name in ``extra``.

    Raises
    ------
    PackError
        The pack cannot be read (see :func:`read_claim_pack`) or has no readable manifest.
    """
    where = str(path)
    members = read_claim_pack(path)
    manifest = _manifest(where, members)
    listed = {f["path"]: f for f in manifest["files"]}
    unsafe = [name for name in listed if not _safe_name(name)]
    if unsafe:
        msg = f"{where}: manifest.json names unsafe paths {unsafe}; refusing to read it"
        raise PackError(msg)
    missing = sorted(set(listed) - set(members))
    extra = sorted(set(members) - set(listed) - {"manifest.json"})
    changed = sorted(
        name
        for name, entry in listed.items()
        if name in members
        and (_sha256(members[name]) != entry["sha256"] or len(members[name]) != entry.get("size"))
    )
    versions = {str(k): str(v) for k, v in dict(manifest.get("versions", {})).items()}
    check = {
        "path": where,
        "changed": changed,
        "missing": missing,
        "extra": extra,
        "versions": versions,
    }
    if missing:
        return PackCheck(**check)
    report_name = "report/impact_report.json"
    try:
        packed = json.loads(members[report_name].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError) as exc:
        msg = f"{where}: {report_name} cannot be read ({type(exc).__name__}: {exc})"
        raise PackError(msg) from exc
    with tempfile.TemporaryDirectory(prefix="claimstats-pack-") as temporary:
        folder = Path(temporary)
        for name, data in members.items():
            target = folder / name
            if folder.resolve() not in target.resolve().parents:
                msg = f"{where}: member {name!r} would be written outside the pack's folder"
                raise PackError(msg)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            recomputed = json.loads(_rerun(folder, manifest))
        except (KeyError, TypeError, ValidationError) as exc:
            msg = f"{where}: manifest.json lacks a setting ({type(exc).__name__}: {exc})"
            raise PackError(msg) from exc
        except ClaimstatsError as exc:
            if not changed:
                msg = f"{where}: the packed inputs cannot be analysed again: {exc}"
                raise PackError(msg) from exc
            # a changed input that no longer reads: the digests have said enough
            return PackCheck(**check, error=f"cannot analyse the changed inputs: {exc}")
    return PackCheck(**check, figures=_figures(packed, recomputed))

"""Texts and formats of the report per language: :class:`Locale`.

The report's labels and sentences are in :mod:`claimstats.report.messages` (and its
policy, SLA, workbook and wallet-complaint siblings); the words of the estimators'
notes and the claim policy's sentences are in :mod:`claimstats.catalogue`, which the
stages that make them share. All are joined in :data:`MESSAGES`.

Numbers, money and dates are formatted with Babel, per language: ``¥12,345.67`` and
``2026年8月4日 09:40 (UTC+8)`` in Chinese, ``CN¥12,345.67`` and
``4 Aug 2026, 09:40 (UTC+8)`` in English.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

import pandas as pd
from babel.dates import format_date, format_datetime

from claimstats._time import zone
from claimstats.catalogue import TEXTS, Wording, fill, render
from claimstats.errors import ConfigError
from claimstats.models import FileProvenance, Note
from claimstats.report.complaint_messages import COMPLAINT_MESSAGES
from claimstats.report.messages import REPORT_MESSAGES
from claimstats.report.policy_messages import POLICY_MESSAGES
from claimstats.report.xlsx_messages import XLSX_MESSAGES

__all__ = ["LANGS", "MESSAGES", "METHOD_TEXTS", "Lang", "Locale", "method_key"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
_DATE_PATTERN = {"zh": "y年M月d日 HH:mm", "en": "d MMM y, HH:mm"}
_DAY_PATTERN = {"zh": "y年M月d日", "en": "d MMM y"}
_MONTH_PATTERN = {"zh": "y年M月", "en": "MMM y"}

#: message key -> {language: text}; ``{name}`` fields are filled by :meth:`Locale.text`
MESSAGES: dict[str, dict[str, str]] = (
    REPORT_MESSAGES | TEXTS | POLICY_MESSAGES | XLSX_MESSAGES | COMPLAINT_MESSAGES
)


#: the files (or frames) the readers take, each with its words (``format_<name>``)
_CONTAINERS = ("csv", "excel", "json", "jsonl", "parquet", "atom", "rss", "dataframe")

#: the methods of :func:`claimstats.estimate_loss` that have their own texts
METHOD_TEXTS = ("seasonal", "control", "regression")


def method_key(method: str, control: str | None) -> str:
    """The suffix of the texts that describe ``method``: ``'other'`` when it has none.

    The regression has a text of its own when a control channel is one of its terms.

    Examples
    --------
    >>> method_key("seasonal", None), method_key("regression", "website"), method_key("x", None)
    ('seasonal', 'regression_control', 'other')
    """
    if method not in METHOD_TEXTS:
        return "other"
    return "regression_control" if method == "regression" and control else method


class Locale(Wording):
    """Text and formats of one language, in one time zone.

    Examples
    --------
    >>> loc = Locale("zh", "Asia/Shanghai")
    >>> loc.money(12345.67, "CNY")
    '¥12,345.67'
    >>> import pandas as pd
    >>> loc.moment(pd.Timestamp("2026-08-04 01:40", tz="UTC"))
    '2026年8月4日 09:40 (UTC+8)'
    >>> Locale("en", "Asia/Shanghai").moment(pd.Timestamp("2026-08-04 01:40", tz="UTC"))
    '4 Aug 2026, 09:40 (UTC+8)'
    """

    def __init__(self, lang: str, tz: str) -> None:
        if lang not in LANGS:
            msg = f"lang={lang!r} is not supported; pass one of {list(LANGS)}"
            raise ConfigError(msg)
        super().__init__(lang)
        self.lang: Lang = lang  # type: ignore[assignment]
        self.tz = zone(tz)

    def text(self, key: str, **fields: object) -> str:
        """The message ``key`` in this language, with ``fields`` filled in (a plural field
        ``{count:# row|# rows}`` in the form its value takes: :func:`claimstats.catalogue.fill`).
        """
        return fill(MESSAGES[key][self.lang], self.lang, **fields)

    def note(self, note: Note, currency: str | None = None) -> str:
        """A note of an estimate in this language, its values formatted.

        A code without a translation, or whose values do not fit it, gives the note's
        English text (marked as such in Chinese).

        Examples
        --------
        >>> from claimstats.models import FileProvenance, Note
        >>> loc = Locale("zh", "UTC")
        >>> loc.note(Note(code="lingering_shortfall", values={"orders": 3.25}))
        '恢复期订单仍比预期少 3.2 单;该部分未追加索赔(保守处理)。'
        >>> loc.note(Note(code="new_code", text="Something new."))
        '说明(英文):Something new.'
        """
        key = f"note_{note.code}"
        if key in TEXTS:
            try:
                return render(key, self, note.values, currency)
            except (KeyError, IndexError, ValueError):
                pass  # values changed under the translation: the English text is exact
        return self.text("note_unknown", text=note.text)

    def file_format(self, fmt: str) -> str:
        """How an input was read (:attr:`claimstats.models.FileProvenance.format`), in words.

        A layout and the file it came in (``heartbeat-csv``), or a plain table
        (``generic-csv``; ``generic-excel:<sheet>`` names the sheet). A format this
        package does not know (one registered by another) keeps its name.

        Examples
        --------
        >>> zh, en = Locale("zh", "UTC"), Locale("en", "UTC")
        >>> zh.file_format("generic-csv"), en.file_format("heartbeat-csv")
        ('CSV 表格', 'monitor probe log (CSV table)')
        >>> en.file_format("generic-excel:Sales"), en.file_format("my-format")
        ('Excel workbook, sheet “Sales”', 'my-format')
        """
        base, _, sheet = fmt.partition(":")
        layout, _, container = base.rpartition("-")
        layout_key = f"format_layout_{layout.replace('-', '_')}"
        if container not in _CONTAINERS or (
            layout not in ("", "generic") and layout_key not in MESSAGES
        ):
            return fmt
        text = self.text(f"format_{container}")
        if sheet:
            text = self.text("format_sheet", container=text, sheet=sheet)
        if layout in ("", "generic"):
            return text
        return self.text("format_in", layout=self.text(layout_key), container=text)

    def file_row(self, record: FileProvenance, kind: str) -> dict[str, str]:
        """An input file as the evidence table shows it: its name, ``kind`` (the words for
        its kind of data), format, SHA-256, size, rows read / kept / rejected, and span."""
        span = (
            f"{self.moment(record.time_start)} – {self.moment(record.time_end)}"
            if record.time_start and record.time_end
            else "—"
        )
        rows = (record.rows_read, record.rows_kept, record.rows_rejected)
        return {
            "name": record.name,
            "kind": kind,
            "format": self.file_format(record.format),
            "sha256": record.sha256 or "—",
            "size": self.number(record.size_bytes) if record.size_bytes is not None else "—",
            "rows": " / ".join(self.number(n) for n in rows),
            "span": span,
        }

    def moment_text(self, text: str) -> str:
        """A moment given as ISO text, in local time with its offset."""
        try:
            stamp = pd.Timestamp(text)
        except ValueError:
            return text
        return self.moment(stamp) if stamp.tzinfo is not None else text

    def offset(self, moment: datetime) -> str:
        """The local UTC offset at ``moment``: ``UTC+8``, ``UTC+5:30``, ``UTC-4``."""
        offset = pd.Timestamp(moment).tz_convert(self.tz).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        hours, mins = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")

    def moment(self, moment: datetime) -> str:
        """A time to the minute in local time with its offset."""
        local = pd.Timestamp(moment).tz_convert(self.tz).to_pydatetime()
        text = format_datetime(local, _DATE_PATTERN[self.lang], locale=self.babel)
        return f"{text} ({self.offset(moment)})"

    def day(self, moment: datetime) -> str:
        """A local date."""
        local = pd.Timestamp(moment).tz_convert(self.tz).to_pydatetime()
        return format_datetime(local, _DAY_PATTERN[self.lang], locale=self.babel)

    def date(self, day: date) -> str:
        """A calendar date: ``2026年8月11日`` / ``11 Aug 2026``."""
        return format_date(day, _DAY_PATTERN[self.lang], locale=self.babel)

    def month(self, day: date) -> str:
        """The calendar month of ``day``: ``2026年8月`` / ``Aug 2026``."""
        return format_date(day, _MONTH_PATTERN[self.lang], locale=self.babel)

    def remaining(self, delta: timedelta) -> str:
        """Time left: to the minute under three days, else whole days (``5 天``, ``5 days``)."""
        if delta < timedelta(days=3):
            return self.duration(timedelta(minutes=int(delta.total_seconds() // 60)))
        return f"{delta.days} 天" if self.lang == "zh" else f"{delta.days} days"

    def duration(self, delta: timedelta) -> str:
        """A duration to the minute: ``27 小时 15 分钟`` / ``27 h 15 min``, ``24 h``, ``7 days``."""
        minutes = round(pd.Timedelta(delta).total_seconds() / 60)
        hours, mins = divmod(minutes, 60)
        days, rest = divmod(hours, 24)
        if hours >= 72 and not rest and not mins:
            return f"{days} 天" if self.lang == "zh" else f"{days} days"
        units = ("小时", "分钟") if self.lang == "zh" else ("h", "min")
        parts = [f"{hours} {units[0]}"] if hours else []
        if mins or not hours:
            parts.append(f"{mins} {units[1]}")
        return " ".join(parts)

"""The wallet complaint's letter: one a shop can send, in Chinese or in English.

The letter goes to the provider's merchant support and says who complains (the
merchant's name, number and contact), when the payments failed, every payment never
paid and every failed payment that took the customer's money, what is asked, the files
attached with their digests, the steps the merchant says were taken (none unless given),
a date to reply by, and where the complaint goes next. It holds no statistics: the
figures behind it are in the report part (:mod:`claimstats.report.complaint_html`).

:func:`compose_letter` gives the letter as parts (the HTML page shows its tables as
tables); :func:`letter_text` writes it as plain text; :func:`complaint_letter` does both.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Literal

import pandas as pd
from pydantic import Field

from claimstats.models import PaymentRecord, Record, WalletComplaint, Window
from claimstats.report.complaint_messages import PROVIDER_NAMES_ZH
from claimstats.report.complaint_publish import amount_steps, published_complaint
from claimstats.report.i18n import Locale
from claimstats.report.publish import publishing

__all__ = [
    "Letter",
    "LetterBlock",
    "LetterTable",
    "complaint_letter",
    "compose_letter",
    "letter_text",
    "normal_rate",
    "payment_table",
    "provider_name",
    "reply_date",
]


class LetterTable(Record):
    """A list of payments in the letter: a heading row and rows of text."""

    header: list[str]
    rows: list[list[str]]
    right: list[bool] = Field(description="True for a column aligned right (amounts)")


class LetterBlock(Record):
    """One numbered section of the letter: paragraphs, then a table or a numbered list,
    then paragraphs after it."""

    heading: str
    paragraphs: list[str] = Field(default_factory=list)
    table: LetterTable | None = None
    items: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class Letter(Record):
    """The letter in one language, as parts."""

    lang: Literal["zh", "en"]
    head: list[str] = Field(description="addressee, merchant, number, contact, date")
    subject: str
    salutation: str
    opening: str
    blocks: list[LetterBlock]
    closing: list[str] = Field(description="the closing words and the signature")


def provider_name(provider: str, lang: str) -> str:
    """The wallet's name in ``lang``: its Chinese name when known, else as given.

    Examples
    --------
    >>> provider_name("WeChat Pay", "zh"), provider_name("WeChat Pay", "en")
    ('微信支付', 'WeChat Pay')
    >>> provider_name("Alipay", "zh"), provider_name("PayMe", "zh")
    ('支付宝', 'PayMe')
    """
    if lang != "zh":
        return provider
    return PROVIDER_NAMES_ZH.get(" ".join(provider.lower().split()), provider)


def _period(loc: Locale, window: Window) -> str:
    """A window in local time: the end's date and offset only when they differ."""
    start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
    local_start, local_end = start.tz_convert(loc.tz), end.tz_convert(loc.tz)
    if local_start.date() == local_end.date() and loc.offset(start) == loc.offset(end):
        begin = loc.moment(start).rsplit(" (", 1)[0]
        return loc.text("cl_window", start=begin, end=f"{local_end:%H:%M} ({loc.offset(end)})")
    return loc.text("cl_window", start=loc.moment(start), end=loc.moment(end))


def _local_time(loc: Locale, moment: datetime) -> str:
    return f"{pd.Timestamp(moment).tz_convert(loc.tz):%Y-%m-%d %H:%M:%S}"


def payment_table(
    loc: Locale, records: list[PaymentRecord], currency: str, refunds: bool = False
) -> LetterTable:
    """Payments as the letter lists them: order id, local time, amount, customer; with
    ``refunds``, what the wallet gave back and when, too."""
    header = [
        loc.text("order_id"),
        loc.text("axis_time", offset=loc.offset(records[0].timestamp)),
        loc.text("amount"),
        loc.text("customer"),
    ]
    if refunds:
        header += [loc.text("cr_refunded_amount"), loc.text("cr_refunded_at")]

    def row(r: PaymentRecord) -> list[str]:
        cells = [
            r.order_id,
            _local_time(loc, r.timestamp),
            loc.money(r.amount, currency),
            r.customer or "—",
        ]
        if refunds:
            given = r.refunded_amount
            cells.append(loc.money(given, currency) if given is not None else "—")
            cells.append(_local_time(loc, r.refunded_at) if r.refunded_at else "—")
        return cells

    return LetterTable(
        header=header,
        rows=[row(r) for r in records],
        right=[False, False, True, False, *([True, False] if refunds else [])],
    )


def normal_rate(loc: Locale, rate: float) -> str:
    """The normal failure rate as the letter and the chart write it: a percent to 0.1,
    to 0.01 below 1 %.

    Examples
    --------
    >>> normal_rate(Locale("en", "UTC"), 0.0153), normal_rate(Locale("en", "UTC"), 0.004)
    ('1.5%', '0.40%')
    """
    return loc.percent(rate, 1 if rate >= 0.01 else 2)


def _counted(loc: Locale, key: str, records: list, amount: str, **fields: str) -> str:
    """A sentence of so many payments (``records``) and their ``amount``."""
    return loc.text(key, count=loc.number(len(records)), amount=amount, **fields)


def _unpaid_block(c: WalletComplaint, loc: Locale, money) -> LetterBlock:
    p = c.payments
    steps = {s.key: s.value for s in amount_steps(p)}
    failed = [loc.text("cl_failed", amount=money(p.failed_amount_in_window))]
    recovered = money(p.recovered_amount)
    if p.unpaid:
        amount = money(p.unpaid_amount)
        failed.append(_counted(loc, "cl_paid_later", p.unpaid, amount, recovered=recovered))
    else:
        failed.append(loc.text("cl_all_paid_later", recovered=recovered))
    after = [loc.text("cl_chance", amount=money(steps["chance"]))] if "chance" in steps else []
    if p.unpaid or p.unrecovered_amount:
        after.append(loc.text("cl_loss", amount=money(p.unrecovered_amount)))
    return LetterBlock(
        heading=loc.text("cl_h_unpaid"),
        paragraphs=[loc.sentences(failed)],
        table=payment_table(loc, p.unpaid, p.currency) if p.unpaid else None,
        after=[loc.sentences(after)] if after else [],
    )


def _refund_block(c: WalletComplaint, loc: Locale, money, provider: str) -> LetterBlock | None:
    p = c.payments
    if not p.funds_deducted_known or not (p.refund_due or p.refunded):
        return None
    paragraphs, after = [], []
    if p.refund_due:
        amount = money(p.refund_due_amount)
        paragraphs.append(_counted(loc, "cl_refund_due", p.refund_due, amount))
        partial = [r for r in p.refund_due if r.refunded_amount]
        if partial:
            after.append(loc.text("cl_partial", count=loc.number(len(partial))))
    if p.refunded:
        amount = money(sum(r.amount for r in p.refunded))
        after.append(_counted(loc, "cl_refunded", p.refunded, amount, provider=provider))
    return LetterBlock(
        heading=loc.text("cl_h_refund"),
        paragraphs=paragraphs,
        table=payment_table(loc, p.refund_due, p.currency) if p.refund_due else None,
        after=[loc.sentences(after)] if after else [],
    )


def _asks(c: WalletComplaint) -> tuple[bool, bool]:
    """Whether the letter asks for a refund, and for compensation."""
    p = c.payments
    return bool(p.funds_deducted_known and p.refund_due), p.unrecovered_amount > 0


def _requests_block(c: WalletComplaint, loc: Locale, money) -> LetterBlock:
    p = c.payments
    refund, compensation = _asks(c)
    items, after = [], []
    if refund:
        items.append(_counted(loc, "cl_ask_refund", p.refund_due, money(p.refund_due_amount)))
    if compensation:
        items.append(loc.text("cl_ask_compensation", amount=money(p.unrecovered_amount)))
    if not items:
        items.append(loc.text("cl_ask_explanation"))
    unpaid = {r.order_id for r in p.unpaid}
    both = [r for r in p.refund_due if r.order_id in unpaid] if refund and compensation else []
    if both:
        after.append(_counted(loc, "cl_overlap", both, money(sum(r.amount for r in both))))
    return LetterBlock(heading=loc.text("cl_h_requests"), items=items, after=after)


def _evidence_block(c: WalletComplaint, loc: Locale) -> LetterBlock | None:
    if not c.evidence:
        return None
    items = []
    for f in c.evidence:
        kind = loc.text(f"cl_kind_{f.kind}")
        rows = loc.number(f.rows_read)
        if f.sha256:
            items.append(
                loc.text("cl_evidence_file", kind=kind, name=f.name, rows=rows, sha256=f.sha256)
            )
        else:
            items.append(loc.text("cl_evidence_records", kind=kind, rows=rows))
    paragraphs = [loc.text("cl_evidence_intro")] if any(f.sha256 for f in c.evidence) else []
    return LetterBlock(heading=loc.text("cl_h_evidence"), paragraphs=paragraphs, items=items)


def _support(c: WalletComplaint, lang: str) -> tuple[str, str | None]:
    """The addressee: the provider's merchant support, and its contact."""
    own = next((b for b in c.escalation if b.step == "provider"), None)
    if own is None:
        return Locale(lang, c.tz).text("cr_path_provider"), None
    return (own.name_zh if lang == "zh" else own.name_en), own.contact


def _steps_block(c: WalletComplaint, loc: Locale, support: str) -> LetterBlock | None:
    steps = c.context.steps
    if steps.support_contacted is None and not steps.ticket:
        return None
    if steps.support_contacted is not None and steps.ticket:
        text = loc.text(
            "cl_step_both", date=loc.date(steps.support_contacted), support=support,
            ticket=steps.ticket,
        )  # fmt: skip
    elif steps.support_contacted is not None:
        text = loc.text("cl_step_date", date=loc.date(steps.support_contacted), support=support)
    else:
        text = loc.text("cl_step_ticket", support=support, ticket=steps.ticket)
    return LetterBlock(heading=loc.text("cl_h_steps"), paragraphs=[text])


def reply_date(c: WalletComplaint) -> datetime:
    """The day the reply is asked by: the letter's local date plus ``reply_days``."""
    local = pd.Timestamp(c.as_of).tz_convert(c.tz)
    return (local.normalize() + timedelta(days=c.context.reply_days)).to_pydatetime()


def _reply_block(c: WalletComplaint, loc: Locale, provider: str) -> LetterBlock:
    days = c.context.reply_days
    paragraphs = [loc.text("cl_reply", days=loc.number(days), date=loc.date(reply_date(c).date()))]
    items = [loc.text("cl_escalate_provider", provider=provider)]
    for body in c.escalation:
        if body.step == "provider":
            continue
        name = body.name_zh if loc.lang == "zh" else body.name_en
        if body.contact:
            name = loc.text("cl_with_contact", name=name, contact=body.contact)
        items.append(loc.text(f"cl_escalate_{body.step}", body=name))
    paragraphs.append(loc.text("cl_escalate"))
    return LetterBlock(heading=loc.text("cl_h_reply"), paragraphs=paragraphs, items=items)


@publishing(published_complaint)
def compose_letter(complaint: WalletComplaint, lang: str) -> Letter:
    """The letter in ``lang`` as parts, from the complaint as it is published.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> letter = compose_letter(demo_complaint(), "en")
    >>> letter.head[0], [b.heading for b in letter.blocks][:2]
    ('To: WeChat Pay merchant support (95017)', ['1. Payments we did not receive', "2. Failed payments that took the customer's money"])
    """
    loc = Locale(lang, complaint.tz)
    p = complaint.payments

    def money(amount: float) -> str:
        return loc.money(amount, p.currency)

    provider = provider_name(complaint.provider, lang)
    support, contact = _support(complaint, lang)
    addressee = loc.text("cl_with_contact", name=support, contact=contact) if contact else support
    merchant = complaint.context.merchant
    letter_date = loc.day(complaint.as_of)
    head = [
        loc.text("cl_to", addressee=addressee),
        loc.text("cl_from", name=merchant.name),
        loc.text("cl_merchant_id", merchant_id=merchant.merchant_id),
        *([loc.text("cl_contact", contact=merchant.contact)] if merchant.contact else []),
        loc.text("cl_date", date=letter_date),
    ]
    refund, compensation = _asks(complaint)
    asks = "both" if refund and compensation else "refund" if refund else "compensation"
    asks = asks if refund or compensation else "explanation"
    days = list(dict.fromkeys(loc.day(w.start) for w in p.windows))
    subject = loc.text(
        "cl_subject", days=loc.join(days), provider=provider, asks=loc.text(f"cl_asks_{asks}")
    )
    opening = loc.text(
        "cl_opening",
        provider=provider,
        period=loc.text("cl_window_sep").join(_period(loc, w) for w in p.windows),
        attempts=loc.number(p.attempts_in_window),
        failures=loc.number(p.failures_in_window),
        normal_rate=normal_rate(loc, p.failure_rate_outside),
    )
    blocks = [
        _unpaid_block(complaint, loc, money),
        _refund_block(complaint, loc, money, provider),
        _requests_block(complaint, loc, money),
        _evidence_block(complaint, loc),
        _steps_block(complaint, loc, support),
        _reply_block(complaint, loc, provider),
    ]
    numbered = [
        block.model_copy(
            update={"heading": loc.text("cl_section", number=n, heading=block.heading)}
        )
        for n, block in enumerate((b for b in blocks if b is not None), start=1)
    ]
    return Letter(
        lang=loc.lang,
        head=head,
        subject=subject,
        salutation=loc.text("cl_salutation", addressee=support),
        opening=opening,
        blocks=numbered,
        closing=[
            *loc.text("cl_closing").splitlines(),
            "",
            merchant.name,
            loc.text("cl_merchant_id", merchant_id=merchant.merchant_id),
            letter_date,
        ],
    )


def _width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table_lines(table: LetterTable) -> list[str]:
    widths = [
        max(_width(row[i]) for row in [table.header, *table.rows]) for i in range(len(table.header))
    ]

    def line(cells: list[str]) -> str:
        padded = [
            " " * (w - _width(cell)) + cell if right else cell + " " * (w - _width(cell))
            for cell, w, right in zip(cells, widths, table.right, strict=True)
        ]
        return "  " + "  ".join(padded).rstrip()

    return [line(table.header), *(line(row) for row in table.rows)]


def letter_text(letter: Letter) -> str:
    """The letter as plain text, ready to paste into a mail or a complaint form: tables
    as aligned columns, lists numbered, long lines kept whole.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> text = letter_text(compose_letter(demo_complaint(), "zh"))
    >>> text.splitlines()[0], "WXP-20260807-0337" in text
    ('致:微信支付商户客服(95017)', True)
    """
    parts = ["\n".join(letter.head), letter.subject, letter.salutation, letter.opening]
    for block in letter.blocks:
        lines = [block.heading]
        lines += block.paragraphs
        if block.table is not None:
            lines += _table_lines(block.table)
        lines += [f"  ({n}) {item}" for n, item in enumerate(block.items, start=1)]
        lines += block.after
        parts.append("\n".join(lines))
    parts.append("\n".join(letter.closing))
    return "\n\n".join(parts) + "\n"


def complaint_letter(complaint: WalletComplaint, lang: str = "zh") -> str:
    """The complaint letter to the wallet's merchant support, as plain text in ``lang``
    (``"zh"`` or ``"en"``), each language complete on its own.

    Parameters
    ----------
    complaint
        From :func:`claimstats.analyze_complaint`.
    lang
        ``"zh"`` or ``"en"``.

    Raises
    ------
    ConfigError
        ``lang`` is not one of them.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> print(complaint_letter(demo_complaint(), "en").splitlines()[6])
    Subject: payments that failed during the WeChat Pay outage of 7 Aug 2026: refund and compensation
    """
    return letter_text(compose_letter(complaint, lang))

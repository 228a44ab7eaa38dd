"""The impact report of an analysed claim: its numbers worded, in the claimant's language.

:func:`build_report` takes a :class:`~claimstats.models.ClaimAnalysis` (from
:func:`claimstats.analyze_claim`) and how to present it (:class:`Presentation`): the
language, the claimant's name, whether customers and phone numbers are masked, whether
the orders in the windows are listed. It computes nothing of the claim; it masks the
texts that will be shown and writes the claim statement in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator

from claimstats._version import installed_version
from claimstats.errors import ConfigError
from claimstats.models import ClaimAnalysis, Record
from claimstats.privacy import mask_customer, mask_text
from claimstats.report.document import ImpactReport
from claimstats.report.i18n import LANGS
from claimstats.report.publish import shown_loss
from claimstats.report.statement import claim_statement

__all__ = ["Presentation", "build_report"]


class Presentation(Record):
    """How the report presents a claim.

    Examples
    --------
    >>> Presentation(lang="en").mask
    True
    """

    lang: Literal["zh", "en"] = Field(
        default="zh",
        description="language of the labels; the claim statement is given in both",
    )
    claimant: str | None = Field(default=None, description="name shown in the header")
    mask: bool = Field(
        default=True,
        description="mask phone numbers and e-mails in every free text, and the customers of "
        "the order list: a report is shared with people who must not see them",
    )
    include_orders: bool = Field(
        default=False,
        description="list the orders of the affected and control channels in the outage and "
        "recovery windows (customer-level rows); by default the report holds none",
    )

    @field_validator("lang", mode="before")
    @classmethod
    def _lang(cls, value: object) -> str:
        if value not in LANGS:
            msg = f"lang={value!r} is not supported; pass one of {list(LANGS)}"
            raise ConfigError(msg)
        return str(value)


def _masked_texts(model: Any, *names: str) -> Any:
    """A copy of ``model`` with its text fields ``names`` masked."""
    return model.model_copy(update={name: mask_text(getattr(model, name)) for name in names})


def _masked(analysis: ClaimAnalysis, presentation: Presentation) -> ClaimAnalysis:
    """The analysis as the report shows it: the orders only if listed, free texts and
    customers masked if asked."""
    if not presentation.include_orders:
        analysis = analysis.model_copy(update={"orders": []})
    if not presentation.mask:
        return analysis
    expenses = [_masked_texts(item, "description", "evidence") for item in analysis.loss.expenses]
    customers = {row.customer for row in analysis.orders if row.customer is not None}
    masked = {customer: mask_customer(customer) for customer in customers}
    return analysis.model_copy(
        update={
            "loss": analysis.loss.model_copy(update={"expenses": expenses}),
            "evidence_items": [
                _masked_texts(item, "name", "description") for item in analysis.evidence_items
            ],
            "incidents": [_masked_texts(record, "description") for record in analysis.incidents],
            "orders": [
                row
                if row.customer is None
                else row.model_copy(update={"customer": masked[row.customer]})
                for row in analysis.orders
            ],
        }
    )


def build_report(
    analysis: ClaimAnalysis, presentation: Presentation | Mapping[str, Any] | None = None
) -> ImpactReport:
    """The impact report of an analysed claim.

    Parameters
    ----------
    analysis
        The claim's analysis (:func:`claimstats.analyze_claim`).
    presentation
        Language, claimant, masking and the order list (:class:`Presentation`, or a
        dict of its fields). Default: Chinese, masked, no order list.

    Returns
    -------
    ImpactReport
        Its numbers at full precision. Every output of it (HTML, JSON, workbook, chart
        images) and the claim statement's words show them rounded for what they are
        (:func:`claimstats.report.publish.published`).

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> analysis = cs.analyze_claim(claim.orders, claim.outages, tz="Asia/Shanghai",
    ...     channel="whatsapp", control="website", as_of="2026-08-10T10:00+08:00")
    >>> report = build_report(analysis, {"lang": "en"})
    >>> report.lang, sorted(report.statements), report.loss == analysis.loss
    ('en', ['en', 'zh'], True)
    """
    presentation = Presentation.model_validate(presentation or {})
    shown = _masked(analysis, presentation)
    worded = shown.model_copy(update={"loss": shown_loss(shown.loss)})  # the numbers outputs show
    return ImpactReport(
        **dict(shown),  # every field of the analysis, as shown
        version=installed_version(),
        lang=presentation.lang,
        claimant=presentation.claimant,
        statements={lang: claim_statement(lang, worded) for lang in LANGS},
        masked=presentation.mask,
    )

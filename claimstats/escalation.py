"""Where a wallet complaint goes after the provider: the bodies of each country.

A complaint starts with the provider's merchant support; if that fails, it goes to a
consumer or industry body, then to the financial regulator, and last to a court or an
arbitration (the path of the wallet-complaint guides). The bodies differ by country:
:data:`ESCALATION` names them for a few, and a claimant adds or replaces those of a
country with :func:`claimstats.io.read_escalation_bodies`.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimstats.errors import ConfigError
from claimstats.models import ESCALATION_STEPS, EscalationBody

__all__ = ["ESCALATION", "PROVIDER_SUPPORT", "escalation_path"]


def _bodies(country: str, *rows: tuple[str, str, str, str | None]) -> tuple[EscalationBody, ...]:
    return tuple(
        EscalationBody(country=country, step=step, name_zh=zh, name_en=en, contact=contact)  # type: ignore[arg-type]
        for step, zh, en, contact in rows
    )


#: the bodies after the provider, by country (ISO 3166 alpha-2)
ESCALATION: dict[str, tuple[EscalationBody, ...]] = {
    "CN": _bodies(
        "CN",
        ("association", "中国支付清算协会", "Payment & Clearing Association of China", "www.pcac.org.cn"),
        ("regulator", "中国人民银行金融消费权益保护咨询投诉电话", "People's Bank of China, financial consumer protection hotline", "12363"),
        ("legal", "人民法院(或合同约定的仲裁委员会)", "People's Court (or the arbitration commission the contract names)", None),
    ),
    "HK": _bodies(
        "HK",
        ("association", "消費者委員會", "Consumer Council", "2929 2222"),
        ("regulator", "香港金融管理局(儲值支付工具)", "Hong Kong Monetary Authority (stored value facilities)", "www.hkma.gov.hk"),
        ("legal", "小額錢債審裁處", "Small Claims Tribunal", None),
    ),
    "GB": _bodies(
        "GB",
        ("association", "金融申诉专员服务机构", "Financial Ombudsman Service", "0800 023 4567"),
        ("regulator", "英国金融行为监管局", "Financial Conduct Authority", "www.fca.org.uk"),
        ("legal", "郡法院小额索赔程序", "County Court small claims track", None),
    ),
    "US": _bodies(
        "US",
        ("association", "所在州的消费者保护办公室", "Your state's consumer protection office", None),
        ("regulator", "美国消费者金融保护局", "Consumer Financial Protection Bureau", "consumerfinance.gov/complaint"),
        ("legal", "小额索赔法庭", "Small claims court", None),
    ),
}  # fmt: skip

#: the merchant support of wallets whose hotline is known: name (zh, en) and contact
PROVIDER_SUPPORT: dict[str, tuple[str, str, str]] = {
    "wechat pay": ("微信支付商户客服", "WeChat Pay merchant support", "95017"),
    "alipay": ("支付宝商家客服", "Alipay merchant support", "95188"),
}


def escalation_path(
    country: str, provider: str, bodies: Iterable[EscalationBody] = ()
) -> list[EscalationBody]:
    """The provider's merchant support, then the country's bodies, step by step.

    Parameters
    ----------
    country
        ISO 3166 alpha-2 code of the merchant's country.
    provider
        The wallet's name, e.g. ``"WeChat Pay"``.
    bodies
        Bodies the claimant names (:func:`claimstats.io.read_escalation_bodies`); those of
        ``country`` replace the built-in ones of their step.

    Raises
    ------
    ConfigError
        The country has no bodies, built in or given.

    Examples
    --------
    >>> [(b.step, b.contact) for b in escalation_path("CN", "WeChat Pay")]
    [('provider', '95017'), ('association', 'www.pcac.org.cn'), ('regulator', '12363'), ('legal', None)]
    """
    code = country.strip().upper()
    given = [b for b in bodies if b.country == code]
    built_in = [b for b in ESCALATION.get(code, ()) if b.step not in {g.step for g in given}]
    if not given and not built_in:
        known = ", ".join(sorted(ESCALATION))
        msg = (
            f"no escalation bodies are known for country={country!r} (known: {known}); "
            "name them in a list with escalation= (country, step, name_zh, name_en, contact)"
        )
        raise ConfigError(msg)
    zh, en, contact = PROVIDER_SUPPORT.get(
        provider.strip().lower(), (f"{provider} 商户客服", f"{provider} merchant support", None)
    )
    own = EscalationBody(country=code, step="provider", name_zh=zh, name_en=en, contact=contact)
    steps = [own, *given, *built_in]
    if any(b.step == "provider" for b in given):
        steps = steps[1:]
    return sorted(steps, key=lambda b: ESCALATION_STEPS.index(b.step))

"""The escalation path of a wallet complaint: the provider, then the country's bodies."""

from __future__ import annotations

import pytest

from claimstats.errors import ConfigError
from claimstats.escalation import ESCALATION, escalation_path
from claimstats.models import ESCALATION_STEPS, EscalationBody


@pytest.mark.parametrize("country", sorted(ESCALATION))
def test_each_known_country_has_every_step_after_the_provider_once(country):
    path = escalation_path(country, "WeChat Pay")
    assert [b.step for b in path] == list(ESCALATION_STEPS)
    assert all(b.name_zh and b.name_en and b.country == country for b in path)


def test_known_wallets_name_their_merchant_support_and_others_get_a_generic_one():
    assert escalation_path("cn", "WeChat Pay")[0].contact == "95017"
    assert escalation_path("CN", "alipay")[0].name_zh == "支付宝商家客服"
    other = escalation_path("CN", "PayMe")[0]
    assert (other.name_en, other.contact) == ("PayMe merchant support", None)


def test_bodies_given_replace_those_of_their_step_and_add_a_country():
    ours = EscalationBody(country="CN", step="association", name_zh="广州市消费者委员会",
                          name_en="Guangzhou Consumer Council", contact="12315")  # fmt: skip
    path = escalation_path("CN", "WeChat Pay", [ours])
    assert [b.name_en for b in path][1] == "Guangzhou Consumer Council"
    assert len(path) == 4
    singapore = EscalationBody(country="SG", step="regulator", name_zh="新加坡金融管理局",
                               name_en="Monetary Authority of Singapore")  # fmt: skip
    assert [b.step for b in escalation_path("SG", "GrabPay", [singapore])] == [
        "provider", "regulator"]  # fmt: skip


def test_a_country_without_bodies_says_how_to_name_them():
    with pytest.raises(
        ConfigError, match=r"no escalation bodies are known for country='SG'.*escalation="
    ):
        escalation_path("SG", "GrabPay")

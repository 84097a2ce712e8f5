"""What a strategy promises is what checkout charges, for every store configuration.

Property-style: store configurations (PIX taken or not, PIX discount or not, coupon or not
and its minimum, free-shipping threshold, pickup, digital goods) × many cart amounts. For
each, the sentences anchoring and reciprocity can produce are built the way the strategy
nodes build them, and checkout's own totals (`checkout_totals`) are computed for the buyer
who takes the offer: the price quoted is the price charged, and nothing is offered that
checkout would not apply.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
import yaml

from balcao.store_config import StoreConfig, load_store_config
from graphs.sales.checkout_flow import next_step
from graphs.sales.checkout_totals import (
    DIGITAL,
    Totals,
    discounts_for,
    pix_discount_honoured,
    quotes_for,
)
from graphs.sales.persuasion import builders

DEMO = load_store_config("default")
_RANDOM = random.Random(20261201)  # fixed seed: the same amounts on every run
AMOUNTS = sorted({Decimal(_RANDOM.randint(1, 2_000_000)) / 100 for _ in range(150)}
                 | {Decimal("99.99"), Decimal("100.00"), Decimal("298.99"), Decimal("299.00"),
                    Decimal("0.05"), Decimal("0.15"), Decimal("1.00"), Decimal("12345.67")})
"""Cart amounts from 1 cent to R$ 20.000, with the thresholds' edges."""


def store(*, pix_method: bool, pix_percent: str | None, coupon: dict[str, str] | None,
          free_above: str | None, pickup: bool) -> StoreConfig:
    data: dict[str, Any] = yaml.safe_load(DEMO.model_dump_json())
    if pix_method:
        data["payment"]["methods"].append({"id": "pix", "name": "PIX", "provider": "pix"})
    data["persuasion"]["pix_discount_percent"] = pix_percent
    data["persuasion"]["coupon"] = coupon
    data["shipping"]["free_above"] = free_above
    if not pickup:
        data["shipping"]["options"] = [o for o in data["shipping"]["options"]
                                       if o.get("kind") != "pickup"]
    return StoreConfig.model_validate(data)


CONFIGS = [
    store(pix_method=pix, pix_percent=percent, coupon=coupon, free_above=free, pickup=pickup)
    for pix, percent, coupon, free, pickup in itertools.product(
        (True, False), ("5", "7.5", None),
        ({"code": "VOLTEI10", "percent": "10", "min_subtotal": "100.00"},
         {"code": "BEMVINDO", "percent": "12.5", "min_subtotal": "0.01"}, None),
        ("299.00", None), (True, False))
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: (
    f"pix={any(m.provider == 'pix' for m in c.payment.methods)}"
    f"-pct={c.persuasion.pix_discount_percent}-coupon={bool(c.persuasion.coupon)}"
    f"-free={c.shipping.free_above}-pickup={any(o.kind == 'pickup' for o in c.shipping.options)}"))
def test_the_pix_price_and_the_coupon_price_quoted_are_the_prices_charged(config) -> None:
    honoured = pix_discount_honoured(config)
    for amount in AMOUNTS:
        anchor = builders.anchoring(config.persuasion, amount, pix_honoured=honoured)
        if anchor is not None and "pix" in anchor:
            # Quoted only where checkout takes PIX...
            assert config.payment.method("pix") is not None
            # ...and paying by PIX charges exactly that for the goods.
            charged = discounts_for({"payment_method": "pix"}, config, amount)
            assert [d["kind"] for d in charged] == ["pix"]
            assert amount - Decimal(charged[0]["amount"]) == Decimal(anchor["pix"]["price"])
        elif config.payment.method("pix") is not None and config.persuasion.pix_discount_percent:
            pytest.fail(f"a PIX discount checkout applies at {amount} was never quoted")
        offer = builders.reciprocity(config.persuasion, amount)
        if offer is not None:
            charged = discounts_for({"coupon": offer["code"].lower()}, config, amount)
            assert [d["kind"] for d in charged] == ["coupon"], (amount, offer)
            assert amount - Decimal(charged[0]["amount"]) == Decimal(offer["price"])
        else:  # never offered where checkout would refuse it, and not hidden where it would not
            coupon = config.persuasion.coupon
            assert coupon is None or amount < coupon.min_subtotal


@pytest.mark.parametrize("config", CONFIGS[::5])
def test_shipping_is_what_the_threshold_and_the_options_say(config) -> None:
    for amount in AMOUNTS:
        for cep in ("01310100", "22041001", "69900000"):
            for quote in quotes_for(config, {"cep": cep}, amount):
                free_above = config.shipping.free_above
                if quote["kind"] == "pickup":
                    assert Decimal(quote["price"]) == 0
                elif free_above is not None and amount >= free_above:
                    assert Decimal(quote["price"]) == 0, (amount, quote)
                else:
                    option = next(o for o in config.shipping.options if o.id == quote["id"])
                    assert Decimal(quote["price"]) == option.price, (amount, quote)


def test_digital_goods_pay_no_shipping_and_skip_the_address() -> None:
    totals = Totals(subtotal=Decimal("100.00"), shipping=DIGITAL)
    assert totals.total == Decimal("100.00")
    assert next_step({"name": "Ana"}, digital=True) not in {"cep", "street", "shipping"}

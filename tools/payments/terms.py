"""Payment terms a store quotes: instalment plans and the PIX price, from its configuration.

The same arithmetic as the persuasion facts (`graphs/sales/persuasion/facts.py`), one floor
down so the knowledge tools can quote it; `tests/knowledge/test_facts.py` holds both equal.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from balcao.persuasion_config import Installments

CENT = Decimal("0.01")


def installment_plan(total: Decimal, terms: Installments) -> tuple[int, Decimal] | None:
    """(count, value) of the longest plan the store allows for `total`; None when under two.

    The value is rounded down to the cent so the quoted instalments never add up to more
    than the price; the store absorbs the remainder cents.
    """
    count = min(terms.max, int((total / terms.min_installment).to_integral_value(ROUND_DOWN)))
    if count < 2:
        return None
    return count, (total / count).quantize(CENT, rounding=ROUND_DOWN)


def discounted(total: Decimal, percent: Decimal) -> Decimal:
    """`total` less `percent`, rounded half-up to the cent."""
    return (total * (Decimal(100) - percent) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)

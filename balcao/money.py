"""Money as buyers read it: "R$ 1.299,90" in Portuguese, "R$1,299.90" in English."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_SYMBOLS = {"BRL": "R$", "USD": "US$", "EUR": "€"}


def format_money(amount: Decimal | str | int, currency: str = "BRL", lang: str = "pt") -> str:
    """Formats an exact amount rounded half-up to cents, in the buyer's language."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    symbol = _SYMBOLS.get(currency, currency)
    grouped = f"{value:,.2f}"  # Decimal formatting is exact; no float is involved
    if lang == "en":
        return f"{symbol}{grouped}"
    return f"{symbol} " + grouped.replace(",", "_").replace(".", ",").replace("_", ".")

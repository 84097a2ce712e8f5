"""What every template of a locale shares: its phrases, money in its format, and the few
layouts several replies repeat (a cart's lines, an address)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from balcao.money import format_money

Fields = dict[str, Any]
Template = Callable[[Fields], str]


@dataclass(frozen=True)
class Words:
    """A locale: its language and its phrases (`PHRASES` of pt.py or en.py)."""

    lang: str
    p: dict[str, str]

    def money(self, value: Any) -> str:
        return format_money(value, lang=self.lang)

    def shipping_terms(self, quote: Fields) -> str:
        """A shipping option's price and delivery time ("R$ 24,90 · 4 dia(s) útil(eis)"); a
        pickup's price alone."""
        price = self.p["free"] if Decimal(quote["price"]) == 0 else self.money(quote["price"])
        if quote["kind"] == "pickup":
            return price
        days = quote["days"]
        when = self.p["option_business_days"].format(days=days) if days else self.p["option_today"]
        return f"{price} · {when}"

    def variant(self, line: Fields) -> str:
        return f" ({' / '.join(line['variant'].values())})" if line.get("variant") else ""

    def cart_lines(self, cart: Fields) -> str:
        lines = [f"• {line['quantity']}x {line['name']}{self.variant(line)} — "
                 f"{self.money(line['total'])}" for line in cart["lines"]]
        return "\n".join(lines) + f"\n*{self.p['subtotal']}: {self.money(cart['subtotal'])}*"

    def suggestions(self, f: Fields) -> str:
        if not f.get("suggestions"):
            return ""
        return (f"\n\n{self.p['goes_with']}: "
                + ", ".join(s["name"] for s in f["suggestions"]) + ".")

    def with_answer(self, f: Fields, text: str) -> str:
        # A store question asked along with the search ("e o frete pra 22041-001?").
        return f"{text}\n\n{f['answer']}" if f.get("answer") else text

    def address(self, a: Fields) -> str:
        return f"{a['street']} — CEP {a['cep'][:5]}-{a['cep'][5:]} ({a['uf']})"


def percent_text(value: object, lang: str = "pt") -> str:
    """"5" or "7,5" ("7.5" in English): never "5.00", never "1E+1"."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",") if lang != "en" else text

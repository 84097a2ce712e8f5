"""Builds a locale's templates from its phrases; the layout of every reply is shared.

A locale module only holds words (`PHRASES`); how a cart, a product or a reconciled order is
laid out is written once, in the template modules by concern (products, cart, checkout,
conversation), and the option and persuasion wordings here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.render.locales.aftersale_difference import (
    difference_option_wordings,
    difference_templates,
)
from api.render.locales.aftersale_templates import aftersale_option_wordings, aftersale_templates
from api.render.locales.basket import add_basket_wording, basket_templates
from api.render.locales.cart import cart_templates
from api.render.locales.checkout import checkout_templates
from api.render.locales.conversation import conversation_templates
from api.render.locales.products import product_templates
from api.render.locales.words import Fields, Template, Words, percent_text
from balcao.money import format_money

OptionWording = Callable[[str, Fields], tuple[str, str | None]]
"""An option's (title, description) from the title the graph gave and the option's fields."""

FIXED_OPTIONS = ("add_to_cart", "keep_shopping", "this_address", "other_address", "place_order",
                 "view_cart", "continue_checkout", "check_out", "see_products", "my_cart",
                 "remind_later", "check_payment", "talk_to_person", "use_coupon")
"""Option labels whose wording is one phrase (`option_<label>`)."""


def build_templates(lang: str, p: dict[str, str]) -> dict[str, Template]:
    """Every template id mapped to a function of the reply's fields."""
    w = Words(lang, p)
    return {**product_templates(w), **cart_templates(w), **checkout_templates(w),
            **conversation_templates(w), **basket_templates(w), **aftersale_templates(w),
            **difference_templates(w)}


def build_options(lang: str, p: dict[str, str]) -> dict[str, OptionWording]:
    """Every option label (`ReplyOption.label`) mapped to the option's wording."""

    def money(value: Any) -> str:
        return format_money(value, lang=lang)

    def product(title: str, f: Fields) -> tuple[str, str | None]:
        """A product in a list: its name, and its price (from…, sold out)."""
        if not f.get("price"):
            return title, None
        price = money(f["price"])
        if f.get("price_max"):
            price = p["option_price_from"].format(price=price)
        if not f.get("in_stock", True):
            price = p["option_sold_out"].format(price=price)
        return title, price

    def shipping(title: str, f: Fields) -> tuple[str, str | None]:
        """A shipping option: its name, and its price and delivery time."""
        return title, Words(lang, p).shipping_terms(f)

    def fixed(key: str) -> OptionWording:
        return lambda title, f: (p[f"option_{key}"], None)

    return {
        "product": product,
        "shipping": shipping,
        "add_basket": lambda title, f: (add_basket_wording(lang), None),
        "category": lambda title, f: (title, p["option_category_count"].format(count=f["count"])),
        **{key: fixed(key) for key in FIXED_OPTIONS},
        **aftersale_option_wordings(lang), **difference_option_wordings(lang),
    }


def build_persuasion(lang: str, p: dict[str, str]) -> Template:
    """The sentence of a strategy block (`reply.fields["persuasion"]`) in this language."""

    def money(value: Any) -> str:
        return format_money(value, lang=lang)

    def persuasion_block(block: Fields) -> str:
        """A strategy's sentence; every number in it comes from the block's fields."""
        f, template = block["fields"], block["template"]
        formal = block.get("tone") == "formal"

        def phrase(key: str) -> str:
            return p.get(f"{key}_formal", p[key]) if formal else p[key]

        if template.startswith("persuasion_anchoring"):
            parts = []
            if "installments" in f:
                i = f["installments"]
                key = "anchor_installments_free" if i["interest_free"] else "anchor_installments"
                parts.append(phrase(key).format(count=i["count"], value=money(i["value"])))
            if "pix" in f:
                pix = f["pix"]
                parts.append(phrase("anchor_pix").format(
                    price=money(pix["price"]), percent=percent_text(pix["percent"], lang)))
            if template.endswith("_pix_first"):
                parts.reverse()
            return " ".join(parts)
        if template == "persuasion_authority":
            specs = "; ".join(f"{k}: {v}" for k, v in f["specs"])
            return phrase("persuasion_authority").format(name=f["name"], specs=specs)
        if template == "persuasion_recap":
            if "items" in f:
                return phrase("recap_cart").format(items=f["items"], subtotal=money(f["subtotal"]))
            return phrase("recap_product").format(name=f["name"], price=money(f["price"]))
        values = {k: (money(v) if k == "price" else percent_text(v, lang) if k == "percent" else v)
                  for k, v in f.items()}
        return phrase(template).format(**values)

    return persuasion_block

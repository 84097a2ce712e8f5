"""The personal values a conversation's data holds, and text with them masked: what must not
reach a model (the phrasing job) or a trace (api/tracing/).

Patterns find e-mails, CPFs and phone numbers (`balcao.pii`); names and addresses have no
pattern, so the values themselves are taken from where the data keeps them (the buyer's id
and WhatsApp profile name, what checkout collected, a reply's fields).
"""

from __future__ import annotations

from typing import Any

from graphs.sales.nlu.llm_prompt import MASK, mask_personal

PERSONAL_FIELDS = frozenset({"buyer_name", "street", "address", "cep", "email", "cpf", "phone",
                             "buyer_id", "recipient"})
"""Keys whose values, in a message or a reply's fields, are personal data ("name" is not
one: products have names; the buyer's, from checkout, comes through `checkout_values`)."""


def checkout_values(state: dict[str, Any]) -> dict[str, Any]:
    """What checkout collected about the buyer in a graph state, under personal keys."""
    checkout = state.get("checkout") or {}
    return {"buyer_name": checkout.get("name"), "street": checkout.get("street"),
            "cep": checkout.get("cep")}


def personal_values(*sources: Any) -> set[str]:
    """The values under personal keys anywhere in `sources` (dicts and lists, nested), of at
    least 3 characters; a CEP also as replies write it ("04567-000")."""
    found: set[str] = set()
    for source in sources:
        _collect(source, found)
    return {value for value in found if len(value.strip()) >= 3}


def _collect(value: Any, found: set[str], personal: bool = False) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _collect(inner, found, personal or key in PERSONAL_FIELDS)
    elif isinstance(value, list | tuple):
        for inner in value:
            _collect(inner, found, personal)
    elif personal and isinstance(value, str | int) and not isinstance(value, bool):
        found.add(str(value))
        if str(value).isdigit() and len(str(value)) == 8:
            found.add(f"{str(value)[:5]}-{str(value)[5:]}")


def masked(text: str, values: set[str]) -> str:
    """`text` with each of `values`, then each personal pattern, replaced by the marker."""
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, MASK)
    return mask_personal(text)

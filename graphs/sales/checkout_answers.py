"""What a message answers of checkout's questions: the slots it fills (name, address, CEP,
shipping, payment, coupon), whatever was asked, or the outcome that says an answer is
unusable. `checkout` (graphs/sales/nodes/checkout.py) asks the next question after it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from graphs.sales.buyer_details import (
    CHECKOUT_LEAD,
    PICKUP,
    plausible_name,
    plausible_street,
    read_cep,
    read_details,
)
from graphs.sales.checkout_flow import (
    CHECKOUT_QUESTIONS,
    OTHER_ADDRESS,
    SAME_ADDRESS,
    closes_with_details,
    coupon_in,
    takes_it_all,
    wants_change,
    without_tag_question,
)
from graphs.sales.checkout_menus import (
    CONFIRM_WORDS,
    carrier_not_offered,
    choice_by_words,
    shipping_named,
)
from graphs.sales.checkout_totals import quotes_for
from graphs.sales.checkout_types import CheckoutData
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import Outcome
from graphs.sales.state import SalesState
from graphs.sales.summaries import sku_at_position
from tools.catalog.text import fold

# Questions about where the order goes: "vou retirar na loja" while one is open answers it.
_ADDRESS_QUESTIONS = {"cep", "address", "confirm_address", "choose_shipping"}


# "o resto ta igual", "the rest is the same", "mesma rua": only the CEP was wrong.
_REST_SAME = re.compile(r"\b(?:(?:o )?resto (?:ta |esta |e |fica )?(?:igual|o mesmo|certo)|"
                        r"mesm[oa] (?:rua|endereco)|same (?:street|address)|"
                        r"rest (?:is|s) (?:the same|fine|right|correct))\b")


def absorb(
    collected: CheckoutData, state: SalesState, profile: dict[str, Any] | None, config: Any,
    subtotal: Decimal,
) -> Outcome | None:
    """Takes what this message answers; returns an outcome when the answer is unusable."""
    action = state.get("action") or {}
    classification = state.get("classification") or {}
    entities = classification.get("entities") or {}
    pending = state.get("pending_question")
    text = turn_text(state)

    # "muda o endereço" / "troca o frete" / "change payment": that slot is asked again.
    # (Not while the address itself is asked: "Rua da Troca, 12" is an answer.)
    asking_address = pending in {"cep", "address", "confirm_address"}
    for slot in wants_change(fold(text)) if text and not action and not asking_address else []:
        if slot == "address":
            for key in ("cep", "uf", "street", "shipping"):
                collected.pop(key, None)  # type: ignore[misc]
            collected["address_choice"] = "new"
        else:
            collected.pop(slot, None)  # type: ignore[misc]

    # Typed details fill every slot they contain, whatever was asked ("Maria, 04567-000,
    # Rua das Flores 123"); a tap is never read as one.
    details = read_details(text) if text and not action else {}
    if action.get("name"):
        collected["name"] = action["name"]
    elif pending == "name" and not action and (
            name := details.get("name") or plausible_name(entities.get("name") or text)):
        collected["name"] = name
    elif details.get("name") and (details.get("name_said") or details.keys() & {"cep", "street"}
                                  or CHECKOUT_LEAD.search(fold(text)) or takes_it_all(text)
                                  or closes_with_details(text)
                                  or PICKUP.search(fold(text)) or (
                                      pending not in CHECKOUT_QUESTIONS and
                                      classification.get("intent") == "provide_info"
                                      and not _answer_over_a_name(details["name"],
                                                                  collected, text))):
        # "meu nome é …", a name beside a CEP, a street or a pickup ("retiro sabado. Denise
        # Araujo"), right after "fecha" ("blz, fecha. Rafael Souza"), while another question
        # was open, or typed before checkout asked
        collected["name"] = details["name"]

    if action.get("address") == "last" and profile and profile.get("last_address"):
        last = profile["last_address"]
        collected.update({"cep": last["cep"], "uf": last["uf"], "street": last["street"]})
    elif action.get("address") == "new" or (pending == "confirm_address" and (
            classification.get("intent") == "deny" or OTHER_ADDRESS.search(fold(text)))):
        collected["address_choice"] = "new"
    elif profile and profile.get("last_address") and not collected.get("cep") and \
            SAME_ADDRESS.search(fold(text or "")):
        last = profile["last_address"]  # "manda no mesmo endereço"
        collected.update({"cep": last["cep"], "uf": last["uf"], "street": last["street"]})
    elif pending == "confirm_address" and classification.get("intent") == "affirm" and profile:
        last = profile["last_address"]
        collected.update({"cep": last["cep"], "uf": last["uf"], "street": last["street"]})

    # "vou retirar na loja" while the address is asked, beside the buyer's details, or before
    # any shipping was chosen: pickup, and no address is needed.
    picked_up = False
    # ("fecha pra eu buscar" opening checkout says it too; "da pra retirar?" only asks)
    said_before = collected.pop("pickup_said", False) and not collected.get("shipping")
    yes_to_pickup_asked = pending in _ADDRESS_QUESTIONS and collected.get("pickup_asked") and \
        classification.get("intent") == "affirm" and not details.get("cep") and \
        not entities.get("cep")  # "perfect, please confirm" after "can i pick it up?"
    if said_before or yes_to_pickup_asked or text and not action and PICKUP.search(fold(text)) and (
            pending in _ADDRESS_QUESTIONS or details
            or (not collected.get("shipping") and "?" not in without_tag_question(text))):
        pickups = [q for q in quotes_for(config, {}, subtotal) if q["kind"] == "pickup"]
        if pickups:
            collected["shipping"], picked_up = pickups[0], True
    if picked_up:
        pass
    elif entities.get("cep") or details.get("cep") or (pending == "cep" and not action):
        # (a tap is not a CEP)
        found = read_cep(str(entities.get("cep") or details.get("cep") or text))
        if found is None and pending == "cep":
            return {"kind": "invalid_cep"}
        if found is not None:
            if found[0] != collected.get("cep") and _REST_SAME.search(fold(text)):
                pass  # "errei o cep ... o resto ta igual": street and shipping as they were
                # (the summary re-quotes that shipping for the new CEP, or asks again)
            elif found[0] != collected.get("cep"):
                collected.pop("shipping", None)  # a new CEP needs a new quote
                if collected.get("cep") and not details.get("street"):
                    collected.pop("street", None)  # ...and the street there
            collected["cep"], collected["uf"] = found
    if pending == "address" and not action and not picked_up:
        street = details.get("street") or plausible_street(entities.get("address") or text)
        if street is None:
            return {"kind": "invalid_address"}
        collected["street"] = street
    elif details.get("street"):
        collected["street"] = details["street"]

    store_coupon = config.persuasion.coupon
    if action.get("coupon"):
        collected["coupon"] = action["coupon"]
    elif text and not action and (
            code := coupon_in(text, store_coupon.code if store_coupon else None)):
        collected["coupon"] = code

    quotes = collected.get("quotes") or []
    if not action and not collected.get("shipping") and collected.get("cep") and \
            (words := details.get("other_words") if details else text):
        # "pode fechar, entrega expressa. Rodrigo, cep …": the option named with the details
        offered = quotes_for(config, collected, subtotal)
        if named := shipping_named(words, offered):
            collected["quotes"] = offered
            collected["shipping"] = next(q for q in offered if q["id"] == named)
    if action.get("ship"):
        collected["shipping"] = next((q for q in quotes if q["id"] == action["ship"]), None)
    elif pending == "choose_shipping" and (pos := sku_at_position(
            [{"sku": q["id"]} for q in quotes], entities.get("ordinal"))):
        collected["shipping"] = next(q for q in quotes if q["id"] == pos)
    elif pending == "choose_shipping" and (named := shipping_named(text, quotes)):
        collected["shipping"] = next(q for q in quotes if q["id"] == named)
    elif pending == "choose_shipping" and classification.get("intent") in {"affirm", "checkout"} \
            and collected.get("street") and "?" not in (text or "") and \
            (best := _best_delivery(quotes)) is not None:
        # "confirm please" with an address given and one way to deliver there, or "show,
        # finaliza" when one delivery is no dearer and no slower than the others (free
        # shipping makes the fastest free): that one (the summary shows it before the order)
        collected["shipping"] = best
    elif collected.get("shipping") and text and not action and "?" not in text and \
            (named := shipping_named(text, quotes)):
        # "e muda pra expressa" after the shipping was chosen: the summary follows with it
        collected["shipping"] = next(q for q in quotes if q["id"] == named)
    elif pending == "choose_shipping" and (carrier := carrier_not_offered(
            text, [q["name"] for q in quotes])):
        collected["asked_carrier"] = carrier  # told honestly with the options again

    methods = config.payment.methods
    if action.get("pay") and config.payment.method(action["pay"]):
        collected["payment_method"] = action["pay"]
    elif pending == "choose_payment" and (pos := sku_at_position(
            [{"sku": m.id} for m in methods], entities.get("ordinal"))):
        collected["payment_method"] = pos
    elif pending == "choose_payment" and (named := choice_by_words(
            text, [(m.id, m.name) for m in methods])):
        collected["payment_method"] = named
    return None


def _best_delivery(quotes: list[Any]) -> Any:
    """The one delivery no dearer and no slower than every other, or None."""
    deliveries = [q for q in quotes if q.get("kind") != "pickup"]
    best = [q for q in deliveries if all(
        Decimal(str(q["price"])) <= Decimal(str(o["price"])) and int(q["days"]) <= int(o["days"])
        for o in deliveries)]
    return best[0] if len(best) == 1 else None


def _answer_over_a_name(name: str, collected: Mapping[str, Any], text: str) -> bool:
    """ "bora", "fexa", "CONFIRMO SIM. DEUS ABENCOE" at the summary: one word, or words beside
    a confirmation, typed after the full name was given are an answer, not a new name (a
    buyer who corrects their name types it whole, or says it is their name)."""
    return bool(collected.get("name")) and (
        len(name.split()) == 1 or bool(CONFIRM_WORDS.search(fold(text))))

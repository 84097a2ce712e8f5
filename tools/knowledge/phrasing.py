"""Facts as short WhatsApp sentences, in pt-BR (default) or English.

Every number comes from the fact it renders (money through `balcao.money.format_money`);
nothing is added that the fact does not hold.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from balcao.escalation_config import WEEKDAYS
from balcao.money import format_money
from tools.knowledge import facts as f
from tools.knowledge.hours_text import clock, week_text
from tools.shipping.cep import format_cep
from tools.shipping.quote import ShippingQuote

Fact = (f.ShippingForCep | f.InvalidCep | f.ShippingForState | f.ShippingNeedsCep
        | f.FreeShipping | f.Payment | f.InstallmentTerms | f.NoInstallments | f.Pickup
        | f.Hours | f.Team)

_T = {
    "pt": {
        "cep": "Frete para o CEP {cep} ({state}):",
        "state": "Frete para {state}:",
        "some_ceps": "só para alguns CEPs",
        "ask_cep": "Me passa seu CEP que eu confirmo o valor e o prazo certinhos.",
        "ask_cep_short": "Pra saber o frete e o prazo pro seu endereço, me passa seu CEP.",
        "needs_cep": "O frete depende do CEP. Nossas opções:",
        "bad_cep": "Não achei o CEP {cep}. Confere pra mim? São 8 números, tipo 01310-100.",
        "free": "Frete grátis nas entregas a partir de {amount} em produtos.",
        "no_free": "Não temos frete grátis: o frete é calculado pelo CEP.",
        "gap": "Faltam {gap} no seu carrinho ({subtotal}) para o frete grátis.",
        "reached": "Seu carrinho ({subtotal}) já tem frete grátis.",
        "methods": "Formas de pagamento: {methods}.",
        "no_pix": "No momento não aceitamos PIX.",
        "link": "O link de pagamento vale por {minutes} minutos.",
        "pix_code": "O código PIX vale por {minutes} minutos.",
        "pix": "No PIX tem {percent}% de desconto.",
        "pix_price": "No PIX, {subtotal} sai por {price} ({percent}% de desconto).",
        "inst": "Parcelamos em até {max}x {interest}, com parcela mínima de {min}.",
        "plan": "Para {subtotal}: até {count}x de {value} {interest}.",
        "no_plan": "Para {subtotal}, o pagamento é à vista (parcela mínima de {min}).",
        "no_inst": "Não parcelamos: pagamento à vista ({methods}).",
        "free_interest": "sem juros", "interest": "com juros",
        "pickup": "Retirada na loja ({price}): {address}. Horário: {hours}.",
        "pickup_days": "Fica pronto {days} após a confirmação do pagamento.",
        "no_pickup": "Não temos retirada no local: enviamos todos os pedidos por entrega.",
        "hours": "Nosso horário: {hours}.",
        "team": "A equipe atende {hours}.",
        "no_team": "Aqui o atendimento é feito só pelo assistente, a qualquer hora.",
        "open": "Agora estamos abertos.",
        "closed": "Agora estamos fechados; abrimos {when}.",
        "gratis": "grátis",
        "same_day": "no mesmo dia útil", "day": "em {n} dia útil", "days": "em até {n} dias úteis",
    },
    "en": {
        "cep": "Shipping to CEP {cep} ({state}):",
        "state": "Shipping to {state}:",
        "some_ceps": "only some CEPs",
        "ask_cep": "Send me your CEP (postal code) and I'll confirm the exact price and time.",
        "ask_cep_short": "For the shipping price and time to your address, send me your CEP.",
        "needs_cep": "Shipping depends on your CEP (postal code). Our options:",
        "bad_cep": "I couldn't find CEP {cep}. Could you check it? It has 8 digits, "
                   "like 01310-100.",
        "free": "Free delivery on orders from {amount} in products.",
        "no_free": "We don't offer free shipping: it is calculated from your CEP.",
        "gap": "Your cart ({subtotal}) is {gap} away from free shipping.",
        "reached": "Your cart ({subtotal}) already has free shipping.",
        "methods": "Payment methods: {methods}.",
        "no_pix": "We don't take PIX at the moment.",
        "link": "The payment link is valid for {minutes} minutes.",
        "pix_code": "The PIX code is valid for {minutes} minutes.",
        "pix": "Paying by PIX gives you {percent}% off.",
        "pix_price": "By PIX, {subtotal} comes to {price} ({percent}% off).",
        "inst": "You can pay in up to {max} {interest} instalments, each of at least {min}.",
        "plan": "For {subtotal}: up to {count} {interest} instalments of {value}.",
        "no_plan": "For {subtotal}, payment is in full (minimum instalment {min}).",
        "no_inst": "We don't offer instalments: payment in full ({methods}).",
        "free_interest": "interest-free", "interest": "",
        "pickup": "Pickup at the shop ({price}): {address}. Hours: {hours}.",
        "pickup_days": "It is ready {days} after payment is confirmed.",
        "no_pickup": "We don't offer pickup: every order is delivered.",
        "hours": "Our hours: {hours}.",
        "team": "Our team answers {hours}.",
        "no_team": "Here you are served by the assistant only, at any time.",
        "open": "We're open now.",
        "closed": "We're closed now; we open {when}.",
        "gratis": "free",
        "same_day": "the same business day", "day": "in {n} business day",
        "days": "in up to {n} business days",
    },
}


def render(fact: Fact, lang: str, *, asked_pix: bool = False,
           asked_installments: bool = False) -> str:
    """One fact as sentences in `lang` ("pt" or "en").

    Args:
        fact: The fact.
        lang: "pt" or "en".
        asked_pix: The buyer asked about PIX: a store without it says so.
        asked_installments: The buyer asked about instalments: a store without them says so.
    """
    t = _T["en" if lang == "en" else "pt"]
    money = lambda amount: format_money(amount, "BRL", lang)  # noqa: E731
    if isinstance(fact, f.ShippingForCep):
        head = t["cep"].format(cep=format_cep(fact.cep), state=fact.state)
        return _join(head, _options(fact.options, t, money), _free(fact.free, t, money))
    if isinstance(fact, f.InvalidCep):
        shown = format_cep(fact.cep) if len(fact.cep) == 8 else fact.cep
        return t["bad_cep"].format(cep=shown)
    if isinstance(fact, f.ShippingForState):
        some = _options(fact.some_ceps, t, money, note=t["some_ceps"])
        lines = _options(fact.everywhere, t, money) + some
        return _join(t["state"].format(state=fact.state), lines, _free(fact.free, t, money),
                     [t["ask_cep"]])
    if isinstance(fact, f.ShippingNeedsCep):
        return _join(t["needs_cep"], _options(fact.options, t, money),
                     _free(fact.free, t, money), [t["ask_cep"]])
    if isinstance(fact, f.FreeShipping):
        return " ".join(_free(fact, t, money))
    if isinstance(fact, f.Payment):
        sentences = _payment(fact, t, money, asked_pix)
        if asked_installments and fact.installments is None:
            sentences.insert(1, t["no_inst"].format(methods=", ".join(fact.methods)))
        return " ".join(sentences)
    if isinstance(fact, f.InstallmentTerms):
        return " ".join(_installments(fact, t, money))
    if isinstance(fact, f.NoInstallments):
        return t["no_inst"].format(methods=", ".join(fact.methods))
    if isinstance(fact, f.Pickup):
        return _pickup(fact, t, money, lang)
    if isinstance(fact, f.Hours):
        return " ".join([t["hours"].format(hours=week_text(fact.week, lang)),
                         _now(fact, t, lang)])
    if not fact.enabled or fact.hours is None:
        return t["no_team"]
    return " ".join([t["team"].format(hours=week_text(fact.hours.week, lang)),
                     _now(fact.hours, t, lang)])


def ask_cep(lang: str) -> str:
    """The one sentence asking for the buyer's CEP."""
    return _T["en" if lang == "en" else "pt"]["ask_cep_short"]


def _join(head: str, lines: list[str], *tails: list[str]) -> str:
    body = "\n".join([head, *lines])
    rest = " ".join(s for tail in tails for s in tail)
    return f"{body}\n{rest}" if rest else body


def _options(options: list[ShippingQuote], t: dict[str, str], money, note: str = "") -> list[str]:
    ordered = sorted(options, key=lambda q: q.kind == "pickup")  # deliveries first, stable
    lines = []
    for option in ordered:
        price = t["gratis"] if option.price == 0 else money(option.price)
        extra = f" ({note})" if note else ""
        lines.append(f"• {option.name}: {price}, {_days(option.days, t)}{extra}")
    return lines


def _days(days: int, t: dict[str, str]) -> str:
    if days == 0:
        return t["same_day"]
    return t["day" if days == 1 else "days"].format(n=days)


def _free(fact: f.FreeShipping, t: dict[str, str], money) -> list[str]:
    if fact.threshold is None:
        return [t["no_free"]]
    sentences = [t["free"].format(amount=money(fact.threshold))]
    if fact.subtotal is not None and fact.gap is not None:
        key = "reached" if fact.gap == 0 else "gap"
        sentences.append(t[key].format(subtotal=money(fact.subtotal), gap=money(fact.gap)))
    return sentences


def _payment(fact: f.Payment, t: dict[str, str], money, asked_pix: bool) -> list[str]:
    sentences = [t["methods"].format(methods=", ".join(fact.methods))]
    if asked_pix and not fact.takes_pix:
        sentences.insert(0, t["no_pix"])
    percent = fact.pix_discount_percent
    if percent is not None and fact.pix_price is not None and fact.subtotal:
        sentences.append(t["pix_price"].format(subtotal=money(fact.subtotal),
                                               price=money(fact.pix_price), percent=percent))
    elif percent is not None:
        sentences.append(t["pix"].format(percent=percent))
    if fact.installments is not None:
        sentences += _installments(fact.installments, t, money)
    link = "pix_code" if fact.takes_pix and len(fact.methods) == 1 else "link"
    sentences.append(t[link].format(minutes=fact.link_minutes))
    return sentences


def _installments(fact: f.InstallmentTerms, t: dict[str, str], money) -> list[str]:
    interest = t["free_interest"] if fact.interest_free else t["interest"]
    sentences = [" ".join(t["inst"].format(max=fact.max, interest=interest,
                                           min=money(fact.min_installment)).split())]
    if fact.plan is not None and fact.subtotal is not None:
        count, value = fact.plan
        sentences.append(" ".join(t["plan"].format(
            subtotal=money(fact.subtotal), count=count, value=money(value),
            interest=interest).split()))
    elif fact.subtotal:
        sentences.append(t["no_plan"].format(subtotal=money(fact.subtotal),
                                             min=money(fact.min_installment)))
    return sentences


def _pickup(fact: f.Pickup, t: dict[str, str], money, lang: str) -> str:
    if not fact.available or fact.hours is None:
        return t["no_pickup"]
    price = t["gratis"] if not fact.price else money(fact.price)
    sentences = [t["pickup"].format(price=price, address=fact.address,
                                    hours=week_text(fact.hours.week, lang))]
    if fact.days is not None:
        sentences.append(t["pickup_days"].format(days=_days(fact.days, t)))
    return " ".join(sentences)


def _now(hours: f.Hours, t: dict[str, str], lang: str) -> str:
    if hours.open_now:
        return t["open"]
    if hours.next_opening is None:
        return ""
    return t["closed"].format(when=when(hours.next_opening, hours.timezone, lang))


def when(opening: datetime, timezone: str, lang: str) -> str:
    """"segunda às 9h" / "Monday at 9am" for the next opening time."""
    local = opening.astimezone(ZoneInfo(timezone))
    minute = local.hour * 60 + local.minute
    day = WEEKDAYS[local.weekday()]
    names = _DAY_NAMES["en" if lang == "en" else "pt"]
    joiner = " at " if lang == "en" else " às "
    return f"{names[day]}{joiner}{clock(minute, lang)}"


_DAY_NAMES = {
    "pt": {"mon": "segunda", "tue": "terça", "wed": "quarta", "thu": "quinta", "fri": "sexta",
           "sat": "sábado", "sun": "domingo"},
    "en": {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
           "fri": "Friday", "sat": "Saturday", "sun": "Sunday"},
}

"""Facts a buyer may ask about, computed from the store's configuration at the moment asked.

Shipping goes through `tools.shipping.quote` (what checkout charges), instalments and the PIX
price through `tools.payments.terms`, hours through `tools.handoff.hours`. Every value is
structured (Decimal money, ints, dates); `phrasing` turns them into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from balcao.escalation_config import WEEKDAYS, BusinessHours
from balcao.store_config import StoreConfig
from tools.handoff.hours import is_open, next_opening
from tools.payments.terms import discounted, installment_plan
from tools.shipping.cep import normalize_cep, state_for_cep
from tools.shipping.quote import ShippingQuote, quote


@dataclass(frozen=True)
class FreeShipping:
    """The free-delivery threshold (None: the store has none) and how far a cart is from it."""

    threshold: Decimal | None
    subtotal: Decimal | None = None
    gap: Decimal | None = None
    """What is missing to reach it (0 when reached); None without a subtotal."""


@dataclass(frozen=True)
class ShippingForCep:
    """The options serving a CEP, cheapest first, priced for the cart's subtotal."""

    cep: str
    state: str
    options: list[ShippingQuote]
    free: FreeShipping


@dataclass(frozen=True)
class InvalidCep:
    """A CEP no state has (checkout would refuse it)."""

    cep: str


@dataclass(frozen=True)
class ShippingForState:
    """Options for a state: those serving all of it, and those serving only some CEPs."""

    state: str
    everywhere: list[ShippingQuote]
    some_ceps: list[ShippingQuote]
    free: FreeShipping


@dataclass(frozen=True)
class ShippingNeedsCep:
    """Shipping asked without a place: the options by name and the free threshold."""

    options: list[ShippingQuote]
    free: FreeShipping


@dataclass(frozen=True)
class InstallmentTerms:
    """Instalments the store takes and, for a subtotal, the longest plan."""

    max: int
    min_installment: Decimal
    interest_free: bool
    plan: tuple[int, Decimal] | None = None
    subtotal: Decimal | None = None


@dataclass(frozen=True)
class NoInstallments:
    """The store takes no instalments (none configured, or PIX alone)."""

    methods: list[str]


@dataclass(frozen=True)
class Payment:
    """Ways to pay; PIX terms only when the store takes PIX."""

    methods: list[str]
    takes_pix: bool
    pix_discount_percent: Decimal | None
    pix_price: Decimal | None
    installments: InstallmentTerms | None
    link_minutes: int
    """How long a payment link (or PIX code) lasts, holding the stock."""
    subtotal: Decimal | None = None


@dataclass(frozen=True)
class Hours:
    """Weekly hours (weekday -> "HH:MM-HH:MM" ranges; a missing day is closed) and now."""

    week: dict[str, list[str]]
    open_now: bool
    next_opening: datetime | None
    timezone: str


@dataclass(frozen=True)
class Pickup:
    """Picking up in person: where and when, or not offered."""

    available: bool
    name: str | None = None
    address: str | None = None
    price: Decimal | None = None
    days: int | None = None
    hours: Hours | None = None


@dataclass(frozen=True)
class Team:
    """When people answer (the escalation hours), or that the store has no team here."""

    enabled: bool
    hours: Hours | None = field(default=None)


def shipping_for_cep(config: StoreConfig, cep_text: str,
                     subtotal: Decimal | None) -> ShippingForCep | InvalidCep:
    """The options and prices checkout would offer for this CEP and subtotal."""
    cep = normalize_cep(cep_text)
    state = state_for_cep(cep) if cep else None
    if cep is None or state is None:
        return InvalidCep(cep or cep_text)
    options = quote(config.shipping, cep, subtotal or Decimal("0"))
    return ShippingForCep(cep, state, options, free_shipping(config, subtotal))


def shipping_for_state(config: StoreConfig, state: str,
                       subtotal: Decimal | None) -> ShippingForState:
    """Options for a state, quoted at a CEP of every stretch where the rules differ."""
    per_probe = [
        {q.id: q for q in quote(config.shipping, cep, subtotal or Decimal("0"))}
        for cep in _probes(config, state)
    ]
    ids = [i for probe in per_probe for i in probe]
    everywhere: list[ShippingQuote] = []
    some: list[ShippingQuote] = []
    for option_id in dict.fromkeys(ids):
        found = next(p[option_id] for p in per_probe if option_id in p)
        (everywhere if all(option_id in p for p in per_probe) else some).append(found)
    order = lambda q: (q.price, q.days)  # noqa: E731 - as quote() orders them
    return ShippingForState(state, sorted(everywhere, key=order), sorted(some, key=order),
                            free_shipping(config, subtotal))


def shipping_needs_cep(config: StoreConfig, subtotal: Decimal | None) -> ShippingNeedsCep:
    """The store's options (unpriced by place) and its free threshold."""
    options = [
        ShippingQuote(o.id, o.name, o.kind, o.price, o.days, o.address)
        for o in config.shipping.options
    ]
    return ShippingNeedsCep(options, free_shipping(config, subtotal))


def free_shipping(config: StoreConfig, subtotal: Decimal | None) -> FreeShipping:
    """The threshold and, given a subtotal, what is missing to reach it."""
    threshold = config.shipping.free_above
    if threshold is None or subtotal is None:
        return FreeShipping(threshold, subtotal)
    return FreeShipping(threshold, subtotal, max(Decimal("0"), threshold - subtotal))


def payment(config: StoreConfig, subtotal: Decimal | None) -> Payment:
    """Methods, instalments (not with PIX alone) and the PIX discount (only with PIX)."""
    methods = config.payment.methods
    takes_pix = any(m.provider == "pix" for m in methods)
    percent = config.persuasion.pix_discount_percent if takes_pix else None
    return Payment(
        methods=[m.name for m in methods], takes_pix=takes_pix, pix_discount_percent=percent,
        pix_price=discounted(subtotal, percent) if percent and subtotal else None,
        installments=installments(config, subtotal),
        link_minutes=config.payment.link_minutes, subtotal=subtotal,
    )


def installments_or_none(config: StoreConfig,
                         subtotal: Decimal | None) -> InstallmentTerms | NoInstallments:
    """The instalment terms, or the fact that the store takes none."""
    terms = installments(config, subtotal)
    return terms if terms is not None else NoInstallments([m.name for m in config.payment.methods])


def installments(config: StoreConfig, subtotal: Decimal | None) -> InstallmentTerms | None:
    """The store's instalment terms, when a method other than PIX can take them."""
    terms = config.persuasion.installments
    if terms is None or all(m.provider == "pix" for m in config.payment.methods):
        return None
    plan = installment_plan(subtotal, terms) if subtotal else None
    return InstallmentTerms(terms.max, terms.min_installment, terms.interest_free, plan,
                            subtotal)


def business_hours(hours: BusinessHours, now: datetime) -> Hours:
    """The weekly ranges in weekday order, and whether `now` is inside one."""
    week = {day: list(hours.week[day]) for day in WEEKDAYS if hours.week.get(day)}
    return Hours(week, is_open(hours, now), next_opening(hours, now), hours.timezone)


def pickup(config: StoreConfig, now: datetime) -> Pickup:
    """The store's pickup option, open in its business hours (the store file has one set)."""
    option = next((o for o in config.shipping.options if o.kind == "pickup"), None)
    if option is None:
        return Pickup(available=False)
    return Pickup(True, option.name, option.address, option.price, option.days,
                  business_hours(config.escalation.hours, now))


def team(config: StoreConfig, now: datetime) -> Team:
    """When the store's people answer (escalation hours)."""
    if not config.escalation.enabled:
        return Team(enabled=False)
    return Team(True, business_hours(config.escalation.hours, now))


_STATE_STRETCHES: dict[str, list[tuple[int, int]]] = {}


def _stretches(state: str) -> list[tuple[int, int]]:
    """The state's CEP prefixes (5 digits) as (first, last) runs; Correios ranges start at
    multiples of 100, so probing every hundredth prefix finds them all."""
    if not _STATE_STRETCHES:
        for start in range(0, 100_000, 100):
            uf = state_for_cep(f"{start:05d}000")
            runs = _STATE_STRETCHES.setdefault(uf or "", [])
            if runs and runs[-1][1] == start - 1:
                runs[-1] = (runs[-1][0], start + 99)
            else:
                runs.append((start, start + 99))
    return _STATE_STRETCHES.get(state, [])


def _probes(config: StoreConfig, state: str) -> list[str]:
    """A CEP in the state at every point where an option's CEP ranges begin or end."""
    points = set()
    for first, last in _stretches(state):
        low, high = f"{first:05d}000", f"{last:05d}999"
        points |= {low, high}
        for option in config.shipping.options:
            for start, end in option.cep_ranges:
                after = f"{int(end) + 1:08d}"
                before = f"{int(start) - 1:08d}" if int(start) > 0 else start
                points |= {c for c in (start, end, after, before) if low <= c <= high}
    return sorted(points)

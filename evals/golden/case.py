"""The YAML format of a golden conversation (evals/cases/<category>/*.yaml).

    id: quick-purchase-pt
    description: a buyer finds a bottle and pays
    turns:
      - say: "tem garrafa termica?"
        expect:
          intent: search_product
          nodes: [classify, retrieve, respond]
          reply: {template: search_results, options_include: ["show:GAR-TER-01"]}
      - tap: "show:GAR-TER-01"
      - order: [["CAN-TER-02", 2, "69.90"]]     # a cart sent from the WhatsApp catalog
      - pay: paid                                # the provider settles the latest payment
      - expire: true                             # the payment link runs out
      - wait_minutes: 90                         # time passes
      - operator_returns: "cliente quer trocar"  # a person hands back to the bot (notes)
      - pickup_timeout: true                     # nobody picked the escalation up in time
      - ship: "BR123456789BR"                    # the store ships the latest order (code)
        carrier: Correios                        #   (optional)
      - deliver: true                            # the latest order is delivered

Expectations are on structured output (intent, nodes, tool calls, state, reply template,
fields and option ids, interrupts), never on wording, so any language is checkable.

A case may also declare a `goal`: the outcome the buyer came for, judged on state after
every turn (never on wording). The runner records the first turn at which it holds ("turns
to goal"); per-turn `expect:` stays optional. A goal is one condition or a list of them, all
of which must hold at the same turn (evals/conversations/<category>/*.yaml):

    goal:
      - order_lines: {FON-BT-01-PRE: 1}          # the latest order has exactly these lines
        orders: [pending_payment]
      - replies_lang: pt                         # every bot reply so far was in Portuguese
    # other conditions: cart (equals), cart_includes (at least these lines), last_order,
    # reply (this turn's reply: template, template_not, fields, options…, persuasion,
    # prices_within: [min, max] every product listed can be had within it, facts: values
    # the reply's fields carry), at_most_once: [strategy or template] so far.
    # A cart or order line may name what a reply listed instead of a sku: "@2:1 cor=preto"
    # is the black variant of the first product listed in turn 2's reply ("o primeiro, na
    # cor preta"), "@2:2" the second one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class ReplyExpectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    template: str | list[str] | None = None
    """The template id, or any of several."""
    fields: dict[str, Any] = Field(default_factory=dict)
    """A subset of the reply's fields that must match (nested dicts match as subsets)."""
    facts: list[str | list[str]] = Field(default_factory=list)
    """Values the reply's fields must carry somewhere (case- and accent-insensitive
    substring of any value; a list means any one of its spellings), e.g. `["30 h", "30
    horas"]` for a battery-life answer."""
    fields_absent: list[str] = Field(default_factory=list)
    """Dotted paths that must not be in the reply's fields, e.g. `persuasion.fields.pix`."""
    options: list[str] | None = None
    """Exactly these option ids, in order."""
    options_include: list[str] = Field(default_factory=list)
    options_exclude: list[str] = Field(default_factory=list)
    lang: Literal["pt", "en"] | None = None


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intent: str | list[str] | None = None
    nodes: list[str] | None = None
    """Exactly the nodes that ran this turn, in order."""
    nodes_include: list[str] = Field(default_factory=list)
    tools_include: list[str] = Field(default_factory=list)
    """Tool calls this turn made, e.g. `catalog.search`, `carts.add`, `payments.create`."""
    tools_exclude: list[str] = Field(default_factory=list)
    entities: dict[str, Any] = Field(default_factory=dict)
    cart: dict[str, int] | None = None
    """The open cart after the turn, sku -> quantity (exactly)."""
    orders: list[str] | None = None
    """Statuses of the buyer's orders, oldest first."""
    last_order: dict[str, str] | None = None
    """Columns of the buyer's latest order that must match (money compared as numbers):
    subtotal, shipping_cost, discount, total, payment_method, shipping (the option id), cep
    and street ("" when nothing is delivered), e.g. `{total: "184.70", shipping_cost: "24.90"}`."""
    pending_question: str | None = None
    interrupt: Literal["payment", "human", "none"] | None = None
    """What the thread waits for after the turn."""
    reply: ReplyExpectation | None = None
    silent: bool | None = None
    """True when the turn must send nothing."""
    persuasion: str | None = None
    """The strategy whose sentence the reply carries, or "none"."""


class ReplyGoal(ReplyExpectation):
    """A reply a goal waits for: an expectation on the reply plus outcome-level checks."""

    template_not: list[str] = Field(default_factory=list)
    """Template ids the reply must not have (e.g. the product detail shown again instead
    of an answer)."""
    persuasion: str | None = None
    """The strategy whose sentence the reply carries, or "none"."""
    prices_within: tuple[Decimal | None, Decimal | None] | None = None
    """[min, max] (either may be null): the reply lists at least one product (search items,
    variants, or the product shown) and every one can be had within it (its price range
    overlaps)."""


LINE_REF = re.compile(r"@\d+:\d+( [^=,]+=[^=,]+(,[^=,]+=[^=,]+)*)?")
"""A cart line named by what a reply listed: `@3:1` is the product at position 1 of the
list (show:/add: options) in turn 3's reply; `@3:1 cor=preto,tamanho=M` is its variant with
those attributes; `product=SKU` among them requires that position to show that product (or a
variant of it)."""


class GoalCondition(BaseModel):
    """What must be true after a turn for the buyer's goal to count as reached."""

    model_config = ConfigDict(extra="forbid")

    cart: dict[str, int] | None = None
    """The open cart, sku -> quantity, exactly. A key may be a `LINE_REF` instead of a sku
    ("o primeiro, na cor preta")."""
    cart_includes: dict[str, int] | None = None
    """The open cart holds at least these lines with these quantities."""
    orders: list[str] | None = None
    """Statuses of the buyer's orders, oldest first."""
    last_order: dict[str, str] | None = None
    """Columns of the latest order (as in `expect`)."""
    order_lines: dict[str, int] | None = None
    """The latest order's lines, sku -> quantity, exactly."""
    reply: ReplyGoal | None = None
    """This turn's reply."""
    replies_lang: Literal["pt", "en"] | None = None
    """Every bot reply so far was in this language."""
    at_most_once: list[str] = Field(default_factory=list)
    """Persuasion strategies or reply templates the bot used at most once so far (e.g.
    `consultative`: the question is not asked again after it was answered)."""

    @model_validator(mode="after")
    def _something(self) -> GoalCondition:
        if not any(getattr(self, name) for name in type(self).model_fields):
            raise ValueError("a goal condition needs at least one check")
        for lines in (self.cart, self.cart_includes, self.order_lines):
            for key in lines or {}:
                if key.startswith("@") and not LINE_REF.fullmatch(key):
                    raise ValueError(f"a reference is @TURN:POSITION [attr=value,...], "
                                     f"got {key!r}")
        return self


ACTIONS = ("say", "tap", "order", "pay", "expire", "wait_minutes", "operator_returns",
           "pickup_timeout", "ship", "deliver", "approve")


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str | None = None
    tap: str | None = None
    title: str | None = None
    order: list[tuple[str, int, str]] | None = None
    pay: Literal["paid", "failed"] | None = None
    expire: bool | None = None
    wait_minutes: float | None = None
    operator_returns: str | None = None
    """A person hands the conversation back to the bot with these notes."""
    next_step: Literal["none", "checkout", "cart", "browse"] = "none"
    pickup_timeout: bool | None = None
    """Nobody picked the escalation up in time."""
    ship: str | None = None
    """The store marks the buyer's latest order shipped with this tracking code."""
    carrier: str | None = None
    """The carrier of `ship`."""
    deliver: bool | None = None
    """The store marks the buyer's latest order delivered."""
    approve: bool | None = None
    """The store approves the exchange or return of the buyer's latest order; what that
    queues for the conversation (a difference's link) is the turn."""
    expect: Expectation = Field(default_factory=Expectation)

    @model_validator(mode="after")
    def _one_action(self) -> Turn:
        actions = [k for k in ACTIONS if getattr(self, k) is not None]
        if len(actions) != 1:
            raise ValueError(f"a turn has exactly one of {'/'.join(ACTIONS)}, "
                             f"got {actions or 'none'}")
        return self

    @property
    def by_buyer(self) -> bool:
        """A message the buyer sent (text, tap or catalog order), not an event or a wait."""
        return self.say is not None or self.tap is not None or self.order is not None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    description: str = ""
    category: str = ""
    lang: Literal["pt", "en"] = "pt"
    returning_buyer: bool = False
    """Run a first purchase (paid) under the same buyer before the case's turns."""
    turns: list[Turn] = Field(min_length=1)
    goal: GoalCondition | list[GoalCondition] | None = None
    """The outcome the conversation is for; see the module docstring."""
    path: str = ""

    @property
    def goals(self) -> list[GoalCondition]:
        """The goal's conditions (all must hold at the same turn); empty without a goal."""
        if self.goal is None:
            return []
        return self.goal if isinstance(self.goal, list) else [self.goal]


def load_cases(paths: list[Path]) -> list[Case]:
    """Every case under the given files or folders, sorted by path."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    cases = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            raise ValueError(f"{file}: not valid YAML: {err}") from None
        case = Case.model_validate(data | {"path": str(file),
                                           "category": data.get("category") or file.parent.name})
        cases.append(case)
    ids = [c.id for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate case ids: {sorted(duplicates)}")
    return cases

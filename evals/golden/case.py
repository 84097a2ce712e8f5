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

Expectations are on structured output (intent, nodes, tool calls, state, reply template,
fields and option ids, interrupts), never on wording, so any language is checkable.
"""

from __future__ import annotations

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
    pending_question: str | None = None
    interrupt: Literal["payment", "human", "none"] | None = None
    """What the thread waits for after the turn."""
    reply: ReplyExpectation | None = None
    silent: bool | None = None
    """True when the turn must send nothing."""
    persuasion: str | None = None
    """The strategy whose sentence the reply carries, or "none"."""


ACTIONS = ("say", "tap", "order", "pay", "expire", "wait_minutes", "operator_returns",
           "pickup_timeout")


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
    expect: Expectation = Field(default_factory=Expectation)

    @model_validator(mode="after")
    def _one_action(self) -> Turn:
        actions = [k for k in ACTIONS if getattr(self, k) is not None]
        if len(actions) != 1:
            raise ValueError(f"a turn has exactly one of {'/'.join(ACTIONS)}, "
                             f"got {actions or 'none'}")
        return self


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    description: str = ""
    category: str = ""
    lang: Literal["pt", "en"] = "pt"
    returning_buyer: bool = False
    """Run a first purchase (paid) under the same buyer before the case's turns."""
    turns: list[Turn] = Field(min_length=1)
    path: str = ""


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

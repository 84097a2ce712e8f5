"""What checkout still needs, one question at a time, from what the buyer already said.

`collected` is the checkout's plain-JSON record in graph state:
`name`, `cep`, `uf`, `street`, `shipping` (a quote), `payment_method`, `confirmed`.
"""

from __future__ import annotations

import re
from typing import Any

from tools.shipping.cep import normalize_cep, state_for_cep

_PARTICLES = {"da", "de", "do", "das", "dos", "e"}
STEPS = ("name", "cep", "street", "shipping", "payment_method")


def next_step(collected: dict[str, Any]) -> str:
    """The first thing the order still lacks, or "confirm" when it lacks nothing."""
    return next((step for step in STEPS if not collected.get(step)), "confirm")


def read_cep(text: str | None) -> tuple[str, str] | None:
    """(cep, uf) for a CEP that exists in some state's range; None otherwise."""
    cep = normalize_cep(text or "")
    if cep is None:
        return None
    uf = state_for_cep(cep)
    return (cep, uf) if uf else None


# Questions whose short answers ("sim", "2", a CEP) belong to checkout.
CHECKOUT_QUESTIONS = {"name", "cep", "address", "choose_shipping", "choose_payment",
                      "confirm_address"}
# Short replies that stop checkout whatever question is open ("cancela" is not a name).
STOP_WORDS = {"cancela", "cancelar", "cancele", "cancel", "parar", "para", "sair", "desisto",
              "esquece", "stop", "quit"}
# Words that ask for a different address than the last one.
OTHER_ADDRESS = re.compile(r"\b(outr[oa]|nov[oa]|diferente|other|another|new|different)\b")


def plausible_name(text: str) -> str | None:
    """A person's name as typed ("maria silva" -> "Maria Silva"), or None."""
    cleaned = " ".join(text.split())
    if not 2 <= len(cleaned) <= 80 or not re.fullmatch(r"[^\W\d_]+(?:[ '.-][^\W\d_]+)*\.?",
                                                        cleaned):
        return None
    return " ".join(word if word.lower() in _PARTICLES and i else word[:1].upper() + word[1:]
                    for i, word in enumerate(cleaned.split()))


def plausible_street(text: str) -> str | None:
    """A street address with a number ("Rua das Flores, 123, ap 4"), or None."""
    cleaned = " ".join(text.split())
    if len(cleaned) < 5 or not re.search(r"\d", cleaned) or not re.search(r"[^\W\d_]{3}", cleaned):
        return None
    return cleaned

"""Brazilian postal codes (CEP): format and the state (UF) each range belongs to.

Ranges are the Correios allocation per state; without a network lookup, a CEP is valid when
it has 8 digits and falls in a state's range.
"""

from __future__ import annotations

import re

_RANGES: list[tuple[int, int, str]] = [
    (1000, 19999, "SP"), (20000, 28999, "RJ"), (29000, 29999, "ES"), (30000, 39999, "MG"),
    (40000, 48999, "BA"), (49000, 49999, "SE"), (50000, 56999, "PE"), (57000, 57999, "AL"),
    (58000, 58999, "PB"), (59000, 59999, "RN"), (60000, 63999, "CE"), (64000, 64999, "PI"),
    (65000, 65999, "MA"), (66000, 68899, "PA"), (68900, 68999, "AP"), (69000, 69299, "AM"),
    (69300, 69399, "RR"), (69400, 69899, "AM"), (69900, 69999, "AC"), (70000, 72799, "DF"),
    (72800, 72999, "GO"), (73000, 73699, "DF"), (73700, 76799, "GO"), (76800, 76999, "RO"),
    (77000, 77999, "TO"), (78000, 78899, "MT"), (79000, 79999, "MS"), (80000, 87999, "PR"),
    (88000, 89999, "SC"), (90000, 99999, "RS"),
]


def normalize_cep(text: str) -> str | None:
    """"04567-000" -> "04567000"; None when it is not 8 digits."""
    digits = re.sub(r"[\s.-]", "", text or "")
    return digits if re.fullmatch(r"\d{8}", digits) else None


def state_for_cep(cep: str) -> str | None:
    """The state a CEP belongs to, or None for a CEP no state has."""
    prefix = int(cep[:5])
    return next((uf for low, high, uf in _RANGES if low <= prefix <= high), None)


def format_cep(cep: str) -> str:
    return f"{cep[:5]}-{cep[5:]}"

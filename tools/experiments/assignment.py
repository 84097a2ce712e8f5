"""Deterministic assignment: a buyer always lands in the same variant of an experiment."""

from __future__ import annotations

import hashlib


def assign(experiment_id: str, variants: list[str], buyer_id: str) -> str:
    """The buyer's variant: a hash of experiment and buyer, so no table is needed to keep it
    stable, and different experiments split buyers independently."""
    if not variants:
        raise ValueError(f"experiment {experiment_id!r} has no variants")
    digest = hashlib.sha256(f"{experiment_id}\x00{buyer_id}".encode()).digest()
    return variants[int.from_bytes(digest[:8], "big") % len(variants)]

"""Per-run knobs of the sales graph, read by nodes through `Runtime[Context]`."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphs.sales.services import Services


@dataclass(kw_only=True)
class Context:
    """Who this run is for, and the process resources it may use."""

    store_id: str = "default"
    """The store selling in this conversation."""
    channel: str = "whatsapp"
    """The channel the buyer writes on."""
    buyer_id: str = "studio-buyer"
    """The buyer's address on the channel; never chosen by a model."""
    conversation_id: int | None = None
    """The conversation row of this buyer; looked up (or created) when not given."""
    services: Services | None = field(default=None, repr=False)
    """`Services` of the running process; empty in Studio, where defaults are opened."""

"""Which store an Evolution instance belongs to: the one whose file names it."""

from __future__ import annotations

from balcao.store_config import StoreConfigs
from balcao.store_config_channels import EvolutionChannel


def store_for_instance(stores: StoreConfigs, default_store_id: str,
                       instance: str) -> tuple[str, EvolutionChannel] | None:
    """(store id, its Evolution settings) for the instance, or None when no store has it.

    Store files are re-read when they change (`StoreConfigs`), so an instance added to a
    file is found without a restart.
    """
    for store_id in dict.fromkeys([*stores.file_ids(), default_store_id]):
        try:
            channel = stores.get(store_id).channels.evolution
        except ValueError:
            continue  # a broken file is logged where it is loaded; it owns nothing here
        if channel is not None and channel.instance == instance:
            return store_id, channel
    return None

"""Each store's monthly token allowance for the LLM engine, counted from the endpoint's own
usage figures (prompt + completion tokens of each response).

Kept in this process's memory: a restart starts the month's count again, and several worker
processes each hold their own count (each stays within the budget it is given).
"""

from __future__ import annotations

import threading

from balcao.clock import Clock


class TokenBudget:
    """Tokens spent per store and calendar month (UTC, from the injectable clock)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._spent: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()  # `classify` may run on worker threads

    def _month(self) -> str:
        return self._clock.now().strftime("%Y-%m")

    def spent(self, store_id: str) -> int:
        with self._lock:
            return self._spent.get((store_id, self._month()), 0)

    def allows(self, store_id: str, monthly_tokens: int) -> bool:
        """Whether the store may still call the model this month."""
        return self.spent(store_id) < monthly_tokens

    def record(self, store_id: str, tokens: int) -> None:
        key = (store_id, self._month())
        with self._lock:
            self._spent[key] = self._spent.get(key, 0) + max(tokens, 0)

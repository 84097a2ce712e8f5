"""Sign-in throttling: per account and per address, growing delays, then a temporary lock.

After `free` failures each further failure makes the next attempt wait twice as long (1 s,
2 s, 4 s ... up to `max_delay`); at `lock_after` failures the key is locked for `lock`.
Attempts during a wait are refused without checking the password (no hash is spent on
them). A success clears the account's count, not the address's (a guesser holding one
valid account cannot wash their address with it). Counts are forgotten `lock` after the
last failure; at most `max_keys` keys are kept (oldest dropped first), so a flood of made-up
e-mails or addresses cannot grow memory without bound.

Kept in the process's memory: one service process per deployment (the default) sees every
attempt; several processes each throttle their own share.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class _Count:
    failures: int
    last: datetime
    until: datetime


@dataclass(frozen=True)
class Policy:
    free: int
    lock_after: int
    max_delay: timedelta = timedelta(seconds=60)
    lock: timedelta = timedelta(minutes=15)

    def wait_after(self, failures: int) -> timedelta:
        if failures >= self.lock_after:
            return self.lock
        if failures < self.free:
            return timedelta(0)
        return min(timedelta(seconds=2 ** (failures - self.free)), self.max_delay)


ACCOUNT = Policy(free=3, lock_after=10)
ADDRESS = Policy(free=10, lock_after=50)


class _Counter:
    def __init__(self, policy: Policy, max_keys: int) -> None:
        self.policy = policy
        self.max_keys = max_keys
        self._counts: OrderedDict[str, _Count] = OrderedDict()

    def _get(self, key: str, now: datetime) -> _Count | None:
        count = self._counts.get(key)
        if count is not None and now - count.last > self.policy.lock:
            del self._counts[key]
            return None
        return count

    def wait(self, key: str, now: datetime) -> float:
        count = self._get(key, now)
        return 0.0 if count is None else max(0.0, (count.until - now).total_seconds())

    def failed(self, key: str, now: datetime) -> None:
        count = self._get(key, now)
        failures = 1 if count is None else count.failures + 1
        self._counts[key] = _Count(failures, now, now + self.policy.wait_after(failures))
        self._counts.move_to_end(key)
        while len(self._counts) > self.max_keys:
            self._counts.popitem(last=False)

    def clear(self, key: str) -> None:
        self._counts.pop(key, None)


class LoginThrottle:
    """Decides whether a sign-in attempt may be checked at all, and records its outcome."""

    def __init__(self, account: Policy = ACCOUNT, address: Policy = ADDRESS, *,
                 max_keys: int = 10_000) -> None:
        self._accounts = _Counter(account, max_keys)
        self._addresses = _Counter(address, max_keys)

    def wait(self, account: str, address: str, now: datetime) -> float:
        """Seconds before this account may be tried from this address (0: now)."""
        return max(self._accounts.wait(account, now), self._addresses.wait(address, now))

    def failed(self, account: str, address: str, now: datetime) -> None:
        self._accounts.failed(account, now)
        self._addresses.failed(address, now)

    def succeeded(self, account: str) -> None:
        self._accounts.clear(account)

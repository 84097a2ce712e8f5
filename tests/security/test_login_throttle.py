"""Finding 3: console sign-in brute force and flood. Per-account and per-address throttling
with growing delays and a temporary lock, a maximum password length, and hashing on its own
bounded pool so a flood of sign-ins leaves the rest of the service (buyers) alone."""

from __future__ import annotations

import asyncio
import time

import pytest
from starlette.testclient import TestClient

from api.operators import passwords
from balcao.clock import FrozenClock
from tests.console.conftest import PASSWORD, Db, csrf_of
from tests.security.conftest import AppFactory


def attempt(client: TestClient, email: str, password: str) -> int:
    form = client.get("/console/login")
    return client.post("/console/login", data={"email": email, "password": password,
                                               "csrf": csrf_of(form.text)},
                       follow_redirects=False).status_code


def test_guessing_one_account_meets_growing_delays_then_a_lock(
    make_client: AppFactory, db_url: str, clock: FrozenClock
) -> None:
    Db(db_url).operator("ana@loja.com")
    client = make_client()
    for _ in range(3):
        assert attempt(client, "ana@loja.com", "chute errado 1") == 401
    # The next try must wait, and during the wait even the right password is not checked.
    assert attempt(client, "ana@loja.com", PASSWORD) == 429
    clock.advance(seconds=1)
    assert attempt(client, "ana@loja.com", "chute errado 2") == 401
    assert attempt(client, "ana@loja.com", "chute errado 3") == 429  # now 2 s
    for _ in range(6):  # keep guessing as fast as allowed: 2, 4, 8 ... seconds apart
        clock.advance(seconds=60)
        assert attempt(client, "ana@loja.com", "outro chute") == 401
    clock.advance(seconds=60)
    assert attempt(client, "ana@loja.com", PASSWORD) == 429  # locked: 10 failures
    clock.advance(minutes=13)
    assert attempt(client, "ana@loja.com", PASSWORD) == 429
    clock.advance(minutes=2, seconds=1)
    assert attempt(client, "ana@loja.com", PASSWORD) == 303


def test_spraying_many_accounts_from_one_address_is_throttled(
    make_client: AppFactory, db_url: str
) -> None:
    Db(db_url).operator("ana@loja.com")
    client = make_client()
    for i in range(10):
        assert attempt(client, f"pessoa{i}@loja.com", "senha123456") == 401
    response = client.post("/console/login", data={"email": "ana@loja.com",
                                                   "password": PASSWORD,
                                                   "csrf": csrf_of(client.get(
                                                       "/console/login").text)})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1


def test_an_over_long_password_is_refused_without_hashing(
    make_client: AppFactory, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Db(db_url).operator("ana@loja.com")
    client = make_client()

    def no_hash(*args: object, **kwargs: object) -> bool:
        raise AssertionError("an over-long password was hashed")

    monkeypatch.setattr(passwords, "verify_password", no_hash)
    assert attempt(client, "ana@loja.com", "x" * (passwords.MAX_LENGTH + 1)) == 401
    with pytest.raises(ValueError, match="at most"):
        passwords.check_strength("y" * (passwords.MAX_LENGTH + 1))


async def test_a_sign_in_flood_neither_blocks_the_loop_nor_takes_shared_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = passwords.hash_password("uma senha qualquer", n=2**14)
    slow_calls: list[str] = []
    real_verify = passwords.verify_password

    def slow_verify(password: str, stored_hash: str) -> bool:
        import threading

        slow_calls.append(threading.current_thread().name)
        time.sleep(0.3)
        return real_verify(password, stored_hash)

    monkeypatch.setattr(passwords, "verify_password", slow_verify)
    flood = [asyncio.create_task(passwords.verify_password_async("chute", stored))
             for _ in range(50)]
    await asyncio.sleep(0.05)
    # The shared default executor (what the rest of the service uses) answers at once, and
    # the event loop keeps turning.
    started = time.monotonic()
    assert await asyncio.wait_for(asyncio.to_thread(lambda: 42), 0.5) == 42
    await asyncio.sleep(0)
    assert time.monotonic() - started < 0.25
    results = await asyncio.gather(*flood, return_exceptions=True)
    busy = [r for r in results if isinstance(r, passwords.HashingBusy)]
    checked = [r for r in results if r is False]
    assert len(checked) == passwords.MAX_IN_FLIGHT and len(busy) == 50 - passwords.MAX_IN_FLIGHT
    assert slow_calls and all(name.startswith("balcao-scrypt") for name in slow_calls)

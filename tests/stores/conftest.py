"""Two stores side by side on one service (issue #19), built once per module: the real app
(lifespan, routes, webhook) on its own database, two store files with their own WhatsApp
numbers and tokens, and both stores populated with the same buyer's phone number.

Store A is the default store (`default`, number 111); store B is `loja-b` (number 222).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row
from starlette.testclient import TestClient

from api.app import create_app
from api.cli.stores import store_yaml
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tests import pg, webhooks
from tests.console.conftest import _HASH, NOW, PASSWORD, csrf_of
from tests.fakes.graph_api import FakeGraphApi

A, B = "default", "loja-b"
NUMBER = {A: "111", B: "222"}
TOKEN = {A: "token-of-a", B: "token-of-b"}
BUYER = "5511988887777"
"""The same WhatsApp number is a buyer of both stores."""
STORE_RATE = 3
"""Messages a store is answered per minute in this world (to see the per-store limit)."""


@dataclass
class World:
    client: TestClient
    url: str
    stores_dir: Path
    graph: FakeGraphApi
    clock: FrozenClock
    ids: dict[str, dict[str, Any]]
    """Per store: conversation, escalation, order, product sku, passage, operator ids."""

    def rows(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        with psycopg.connect(self.url, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def sign_in(self, email: str) -> str:
        """Signs the shared client in as `email` (signing out whoever was); returns the CSRF
        token of the new session."""
        self.client.cookies.clear()
        form = self.client.get("/console/login")
        answer = self.client.post("/console/login", data={
            "email": email, "password": PASSWORD, "csrf": csrf_of(form.text)},
            follow_redirects=False)
        assert answer.status_code == 303, answer.text
        return csrf_of(self.client.get("/console/dashboard").text)


@pytest.fixture(scope="module")
def world(pg_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = pg.fresh_database(pg_server_url)
    stores_dir = tmp_path_factory.mktemp("stores")
    saved = {k: os.environ.get(k) for k in ("ISO_TOKEN_A", "ISO_TOKEN_B")}
    os.environ.update({"ISO_TOKEN_A": TOKEN[A], "ISO_TOKEN_B": TOKEN[B]})
    (stores_dir / f"{A}.yaml").write_text(store_yaml("Loja A", NUMBER[A], "ISO_TOKEN_A"))
    (stores_dir / f"{B}.yaml").write_text(store_yaml("Loja B", NUMBER[B], "ISO_TOKEN_B"))
    clock = FrozenClock(NOW)
    with FakeGraphApi(token=TOKEN[A]) as graph:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, BALCAO_DEMO_STORE="false", BALCAO_RUN_WORKER="false",
            PUBLIC_BASE_URL="http://testserver", BALCAO_STORES_DIR=str(stores_dir),
            BALCAO_INSECURE_DEV_WEBHOOK="true", WHATSAPP_API_BASE_URL=graph.base_url,
            BALCAO_STORE_MESSAGES_PER_MINUTE=str(STORE_RATE))
        app = create_app(settings, clock=clock, database_url=url)
        with TestClient(app, base_url="http://testserver") as client:
            world = World(client, url, stores_dir, graph, clock, {A: {}, B: {}})
            for store in (A, B):
                answer = client.post("/webhooks/whatsapp", json=webhooks.text(
                    "quero falar com alguém", wa_id=BUYER, phone_number_id=NUMBER[store]))
                assert answer.json()["received"] == 1
                _populate(world, store)
            _operators(world)
            yield world
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    pg.drop_database(pg_server_url, url)


def _populate(world: World, store: str) -> None:
    """Catalog, knowledge, customer, cart, order, payment and escalation of one store, all
    for the same buyer phone number."""
    ids = world.ids[store]
    letter = "A" if store == A else "B"
    conv = world.rows("SELECT id FROM conversations WHERE store_id = %s AND buyer_id = %s",
                      (store, BUYER))[0]["id"]
    ids["conversation"] = conv
    ids["sku"] = f"SKU-{letter}"
    ids["product"] = "Caneca Alfa" if store == A else "Garrafa Beta"
    world.rows("INSERT INTO products (store_id, sku, name, price, currency, stock, search_text,"
               " search_tsv) VALUES (%s, %s, %s, 50, 'BRL', 5, lower(%s),"
               " to_tsvector('simple', lower(%s)))",
               (store, ids["sku"], ids["product"], ids["product"], ids["product"]))
    question = "Vocês abrem aos domingos?" if store == A else "Vocês entregam de bicicleta?"
    ids["passage"] = world.rows(
        "INSERT INTO knowledge_passages (store_id, doc_id, lang, position, kind, doc_title,"
        " title, question, body, source, search_tsv, text_hash, updated_at) VALUES (%s, 'faq',"
        " 'pt', 0, 'faq', 'FAQ', %s, %s, %s, 'faq.md', to_tsvector('portuguese', %s), 'h', %s)"
        " RETURNING id", (store, question, question, f"Resposta da loja {letter}.",
                          question, NOW))[0]["id"]
    customer = world.rows(
        "INSERT INTO customers (store_id, buyer_id, name, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s) RETURNING id",
        (store, BUYER, f"Cliente {letter}", NOW, NOW))[0]["id"]
    cart = world.rows("INSERT INTO carts (store_id, conversation_id, created_at, updated_at)"
                      " VALUES (%s, %s, %s, %s) RETURNING id", (store, conv, NOW, NOW))[0]["id"]
    world.rows("INSERT INTO cart_lines (cart_id, sku, product_sku, name, unit_price, quantity,"
               " added_at) VALUES (%s, %s, %s, %s, 50, 1, %s)",
               (cart, ids["sku"], ids["sku"], ids["product"], NOW))
    ids["order_number"] = f"{letter}-0001"
    ids["order"] = world.rows(
        "INSERT INTO orders (store_id, number, conversation_id, customer_id, status, currency,"
        " subtotal, total, created_at, updated_at) VALUES (%s, %s, %s, %s, 'paid', 'BRL', 50,"
        " 50, %s, %s) RETURNING id",
        (store, ids["order_number"], conv, customer, NOW, NOW))[0]["id"]
    world.rows("INSERT INTO payments (store_id, order_id, provider, idempotency_key, token,"
               " status, amount, currency, expires_at, created_at) VALUES (%s, %s, 'sandbox',"
               " %s, %s, 'paid', 50, 'BRL', %s, %s)",
               (store, ids["order"], f"pay-{letter}", f"tok-{letter}", NOW, NOW))
    ids["escalation"] = world.rows(
        "INSERT INTO escalations (store_id, conversation_id, turn_id, reason, reasons, summary,"
        " created_at, pickup_deadline) VALUES (%s, %s, 't1', 'asked_for_human',"
        " '[\"asked_for_human\"]', %s, %s, %s) RETURNING id",
        (store, conv, json.dumps({"wants": [f"segredo da loja {letter}"]}), NOW,
         NOW))[0]["id"]


def _operators(world: World) -> None:
    """An agent of each store, an owner of both, and the platform administrator."""
    people = {"ana@a.com": [(A, "agent")], "bia@b.com": [(B, "agent")],
              "dono@ab.com": [(A, "owner"), (B, "owner")], "admin@plataforma.com": []}
    for email, stores in people.items():
        operator_id = world.rows(
            "INSERT INTO operators (email, name, password_hash, role, created_at)"
            " VALUES (%s, %s, %s, %s, now()) RETURNING id",
            (email, email.split("@")[0], _HASH, "operator" if stores else "admin"))[0]["id"]
        for store, role in stores:
            world.rows("INSERT INTO operator_stores (operator_id, store_id, role)"
                       " VALUES (%s, %s, %s)", (operator_id, store, role))

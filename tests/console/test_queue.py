"""The queue by priority, the conversation view and what operators do in it."""

from __future__ import annotations

from datetime import timedelta

from tests.console.conftest import NOW, csrf_of, sign_in


def test_the_queue_is_sorted_by_priority_and_shows_reason_wait_and_cart(app_client, db) -> None:
    db.operator()
    asked = db.escalation("5511900000001", reason="asked_for_human", minutes_ago=2)
    complaint = db.escalation("5511900000002", reason="complaint", minutes_ago=1,
                              factors={"sentiment": "negative"})
    old = db.escalation("5511900000003", reason="asked_for_human", minutes_ago=40)
    vip = db.escalation("5511900000004", reason="not_understood", minutes_ago=0,
                        factors={"vip": True, "cart_value": "900", "orders": 5, "spend": "3000"})
    sign_in(app_client)
    data = app_client.get("/console/api/queue").json()
    assert [e["id"] for e in data["open"]] == [vip, old, complaint, asked]
    assert data["open"][1]["waiting_minutes"] == 40
    assert data["open"][2]["reason_label"] == "Reclamação"
    page = app_client.get("/console").text
    assert page.index(f"/console/escalations/{vip}") < page.index(f"/console/escalations/{asked}")
    assert "espera 40 min" in page and "VIP" in page


def test_the_conversation_view_has_the_summary_the_transcript_and_the_customer(
    app_client, db,
) -> None:
    db.operator()
    escalation = db.escalation("5511900000005", text="meu pedido veio errado")
    sign_in(app_client)
    page = app_client.get(f"/console/escalations/{escalation}").text
    assert "Resumo para o atendimento" in page and "meu pedido veio errado" in page
    assert "Pediu atendente" in page and "Pedidos pagos" in page
    transcript = app_client.get(f"/console/api/escalations/{escalation}/transcript").json()
    assert [(m["author"], m["text"]) for m in transcript["messages"]] == [
        ("buyer", "meu pedido veio errado")]


def test_a_reply_takes_the_conversation_and_goes_out_through_the_outbox_once(
    app_client, db,
) -> None:
    me = db.operator()
    escalation = db.escalation("5511900000006")
    sign_in(app_client)
    page = app_client.get(f"/console/escalations/{escalation}").text
    form = {"csrf": csrf_of(page), "text": "Oi! Sou a Ana, vou te ajudar.",
            "nonce": "n1"}
    for _ in range(2):  # a double submit sends once
        app_client.post(f"/console/escalations/{escalation}/reply", data=form)
    outbox = db.rows("SELECT recipient, payload, operator_id FROM outbox")
    assert len(outbox) == 1 and outbox[0]["operator_id"] == me
    assert outbox[0]["payload"]["text"]["body"] == "Oi! Sou a Ana, vou te ajudar."
    assert outbox[0]["recipient"] == "5511900000006"
    row = db.rows("SELECT status, assigned_to, first_reply_at FROM escalations")[0]
    assert row["status"] == "assigned" and row["assigned_to"] == me and row["first_reply_at"]
    transcript = app_client.get(f"/console/api/escalations/{escalation}/transcript").json()
    assert transcript["messages"][-1]["author"] == "operator"
    assert transcript["messages"][-1]["operator"] == "Ana"


def test_another_operators_conversation_cannot_be_answered_or_returned(app_client, db) -> None:
    db.operator()
    other = db.operator("bia@loja.com", role="operator", name="Bia")
    escalation = db.escalation("5511900000007")
    db.rows("UPDATE escalations SET status = 'assigned', assigned_to = %s", (other,))
    sign_in(app_client)
    token = csrf_of(app_client.get(f"/console/escalations/{escalation}").text)
    page = app_client.post(f"/console/escalations/{escalation}/reply",
                           data={"csrf": token, "text": "oi", "nonce": "x"}).text
    assert "Outra pessoa está atendendo" in page
    app_client.post(f"/console/escalations/{escalation}/return", data={"csrf": token})
    assert db.rows("SELECT count(*) AS n FROM outbox")[0]["n"] == 0
    assert db.rows("SELECT status FROM escalations")[0]["status"] == "assigned"


def test_no_free_form_reply_outside_whatsapps_24_hour_window(app_client, db, clock) -> None:
    db.operator()
    escalation = db.escalation("5511900000008")
    clock.advance(hours=25)
    sign_in(app_client)
    token = csrf_of(app_client.get(f"/console/escalations/{escalation}").text)
    page = app_client.post(f"/console/escalations/{escalation}/reply",
                           data={"csrf": token, "text": "oi", "nonce": "y"}).text
    assert "Mensagem não enviada" in page and "24 hours" in page
    assert db.rows("SELECT count(*) AS n FROM outbox")[0]["n"] == 0


def test_return_to_bot_queues_the_hand_back_with_the_notes(app_client, db) -> None:
    db.operator()
    escalation = db.escalation("5511900000009")
    sign_in(app_client)
    token = csrf_of(app_client.get(f"/console/escalations/{escalation}").text)
    app_client.post(f"/console/escalations/{escalation}/assign", data={"csrf": token})
    response = app_client.post(f"/console/escalations/{escalation}/return", data={
        "csrf": token, "notes": "Prometi frete grátis", "next_step": "checkout"},
        follow_redirects=False)
    assert response.headers["location"] == "/console"
    row = db.rows("SELECT status, notes, next_step FROM escalations")[0]
    assert row == {"status": "returned", "notes": "Prometi frete grátis", "next_step": "checkout"}
    event = db.rows("SELECT kind, message FROM inbox WHERE kind = 'handoff'")[0]
    assert event["message"]["event"] == {"escalation_id": escalation, "status": "returned",
                                         "notes": "Prometi frete grátis", "next_step": "checkout"}
    assert app_client.get("/console/api/queue").json()["open"] == []


def test_release_puts_it_back_and_a_timed_out_one_can_be_dismissed(app_client, db) -> None:
    db.operator()
    escalation = db.escalation("5511900000010", minutes_ago=30)
    missed = db.escalation("5511900000011", status="timed_out", minutes_ago=30)
    db.rows("UPDATE escalations SET closed_at = created_at + interval '15 minutes'"
            " WHERE id = %s", (missed,))
    sign_in(app_client)
    token = csrf_of(app_client.get(f"/console/escalations/{escalation}").text)
    app_client.post(f"/console/escalations/{escalation}/assign", data={"csrf": token})
    app_client.post(f"/console/escalations/{escalation}/release", data={"csrf": token})
    queue = app_client.get("/console/api/queue").json()
    assert [e["status"] for e in queue["open"]] == ["waiting"]
    deadline = db.rows("SELECT pickup_deadline FROM escalations WHERE id = %s",
                       (escalation,))[0]["pickup_deadline"]
    assert deadline == NOW + timedelta(minutes=15)  # a fresh pickup window from the release
    assert [(e["id"], e["waiting_minutes"]) for e in queue["missed"]] == [(missed, 15)]
    app_client.post(f"/console/escalations/{missed}/dismiss", data={"csrf": token})
    assert app_client.get("/console/api/queue").json()["missed"] == []


def test_the_dashboard_counts_per_day(app_client, db) -> None:
    db.operator()
    db.escalation("5511900000012", reason="complaint")
    db.escalation("5511900000013")
    sign_in(app_client)
    page = app_client.get("/console/dashboard?days=7").text
    assert "Funil de conversão" in page and "Motivos de escalonamento" in page
    assert "<b>2</b> conversas" in page and "<b>2</b> escalonadas (100%)" in page
    assert "Reclamação" in page

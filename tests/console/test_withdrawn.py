"""An escalation the buyer took back before anyone came (issue #13): it leaves the queue
for a list that says why, and an operator who has it open sees the new situation."""

from __future__ import annotations

from tests.console.conftest import sign_in


def test_a_withdrawn_request_leaves_the_queue_for_its_own_list_with_the_reason(
    app_client, db,
) -> None:
    db.operator()
    waiting = db.escalation("5511900000021", minutes_ago=5)
    withdrawn = db.escalation("5511900000022", minutes_ago=4)
    sign_in(app_client)
    transcript = f"/console/api/escalations/{withdrawn}/transcript"
    assert app_client.get(transcript).json()["status"] == "waiting"
    # (as the worker closes it: tools/handoff/escalations.py `withdraw`)
    db.rows("UPDATE escalations SET status = 'withdrawn',"
            " closed_at = created_at + interval '3 minutes' WHERE id = %s", (withdrawn,))
    queue = app_client.get("/console/api/queue").json()
    assert [e["id"] for e in queue["open"]] == [waiting]
    assert [(e["id"], e["waiting_minutes"]) for e in queue["withdrawn"]] == [(withdrawn, 3)]
    assert queue["missed"] == []
    page = app_client.get("/console").text
    assert page.index("Desistiram de esperar") < page.index(f"/console/escalations/{withdrawn}")
    live = app_client.get(transcript).json()
    assert (live["status"], live["status_label"]) == (
        "withdrawn", "Cliente desistiu de esperar (seguiu com o bot)")
    view = app_client.get(f"/console/escalations/{withdrawn}").text
    assert "desistiu de esperar e seguiu com o bot" in view
    assert f'action="/console/escalations/{withdrawn}/assign"' not in view

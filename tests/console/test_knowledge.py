"""The console's FAQ page (admins edit an entry; the bot answers with it at once) and the
dashboard's "questions we could not answer"."""

from __future__ import annotations

import asyncio
import html
import re

import psycopg
import pytest

from balcao.clock import FrozenClock
from balcao.store_config import load_store_config
from tests.console.conftest import csrf_of, sign_in
from tools.catalog.embeddings import default_embedder
from tools.knowledge.ask import KnowledgeReply, ask
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.importer import import_folder
from tools.stores import ensure_store

WRAP = "Vocês fazem embrulho para presente?"
NEW_ANSWER = "Não fazemos mais embrulho, mas mandamos um cartão com a sua mensagem."
PHONE_QUESTION = "vcs tem estacionamento? me liga no (11) 98765-4321"


async def _import(url: str, clock: FrozenClock) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await ensure_store(conn, "outra", "Outra loja")
        for store in ("default", "outra"):
            await import_folder(conn, demo_knowledge_dir(), store_id=store, clock=clock,
                                encoder=default_embedder())


async def _ask(url: str, question: str, clock: FrozenClock) -> KnowledgeReply:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        return await ask(conn, store_id="default", config=load_store_config("default"),
                         question=question, clock=clock, encoder=default_embedder())


@pytest.fixture
def knowledge(db_url: str, clock: FrozenClock, app_client) -> None:
    """The demo knowledge in the console's store (`default`) and in another store."""
    asyncio.run(_import(db_url, clock))


def _entry(db, question: str = WRAP, store: str = "default") -> dict:
    return db.rows("SELECT id, question, body, updated_at, text_hash FROM knowledge_passages"
                   " WHERE store_id = %s AND question = %s", (store, question))[0]


def _save(client, entry_id: int, question: str, answer: str, csrf: str | None = None):
    data = {"question": question, "answer": answer}
    if csrf is not False:
        data["csrf"] = csrf or csrf_of(client.get("/console/knowledge").text)
    return client.post(f"/console/knowledge/faq/{entry_id}", data=data, follow_redirects=False)


def test_an_admin_edits_an_answer_and_the_bot_answers_with_it_at_once(
    app_client, db, db_url, knowledge, clock,
) -> None:
    db.operator()
    sign_in(app_client)
    page = app_client.get("/console/knowledge")
    assert page.status_code == 200
    assert 'href="/console/knowledge" class="on">Conhecimento</a>' in page.text
    assert f'value="{WRAP}"' in page.text and "Fazemos, sem custo" in page.text
    before = asyncio.run(_ask(db_url, "vocês fazem embrulho pra presente?", clock))
    assert "Fazemos, sem custo" in before.text

    entry = _entry(db)
    clock.advance(minutes=5)
    saved = _save(app_client, entry["id"], WRAP, NEW_ANSWER)
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"#faq-{entry['id']}")
    after = asyncio.run(_ask(db_url, "vocês fazem embrulho pra presente?", clock))
    assert NEW_ANSWER in after.text and "Fazemos, sem custo" not in after.text
    row = _entry(db)
    assert row["body"] == NEW_ANSWER and row["updated_at"] == clock.now()
    assert row["text_hash"] != entry["text_hash"]
    shown = app_client.get(saved.headers["location"])
    assert "Resposta salva" in shown.text and NEW_ANSWER in shown.text
    # The other store's entry is untouched.
    assert _entry(db, store="outra")["body"] == entry["body"]


def test_an_edit_without_the_csrf_token_is_refused(app_client, db, knowledge) -> None:
    db.operator()
    sign_in(app_client)
    entry = _entry(db)
    assert _save(app_client, entry["id"], WRAP, NEW_ANSWER, csrf=False).status_code == 403
    assert _save(app_client, entry["id"], WRAP, NEW_ANSWER, csrf="forged").status_code == 403
    assert _entry(db)["body"] == entry["body"]


def test_operators_who_are_not_admins_cannot_see_or_edit_the_faq(app_client, db,
                                                                 knowledge) -> None:
    db.operator(email="bia@loja.com", role="operator", name="Bia")
    sign_in(app_client, email="bia@loja.com")
    assert app_client.get("/console/knowledge").status_code == 403
    assert "/console/knowledge" not in app_client.get("/console").text
    entry = _entry(db)
    csrf = csrf_of(app_client.get("/console").text)
    assert _save(app_client, entry["id"], WRAP, NEW_ANSWER, csrf=csrf).status_code == 403
    assert _entry(db)["body"] == entry["body"]


def test_an_unknown_id_or_another_stores_entry_is_not_found(app_client, db,
                                                            knowledge) -> None:
    db.operator()
    sign_in(app_client)
    theirs = _entry(db, store="outra")
    policy = db.rows("SELECT id FROM knowledge_passages WHERE store_id = 'default'"
                     " AND kind = 'policy' LIMIT 1")[0]["id"]
    for entry_id in (999_999, theirs["id"], policy):
        assert _save(app_client, entry_id, WRAP, NEW_ANSWER).status_code == 404
    assert _entry(db, store="outra")["body"] == theirs["body"]


def test_a_refused_edit_says_why_and_keeps_what_was_typed(app_client, db, knowledge) -> None:
    db.operator()
    sign_in(app_client)
    entry = _entry(db)
    typed = "<b>Sim</b> " + "x" * 1600
    refused = _save(app_client, entry["id"], "Vocês têm loja física?", typed)
    assert refused.status_code == 422
    assert "A resposta passa de 1500 caracteres" in refused.text
    assert "Este FAQ já tem outra pergunta igual" in refused.text
    assert "&lt;b&gt;Sim&lt;/b&gt; xxx" in refused.text and "<b>Sim</b>" not in refused.text
    assert _entry(db)["body"] == entry["body"]


def test_what_the_admin_writes_is_escaped_on_the_page(app_client, db, knowledge) -> None:
    db.operator()
    sign_in(app_client)
    entry = _entry(db)
    answer = 'Sim. <script>alert("x")</script>'
    assert _save(app_client, entry["id"], 'Embrulho "presente"?', answer).status_code == 303
    text = app_client.get("/console/knowledge").text
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert 'value="Embrulho &quot;presente&quot;?"' in text


def test_the_dashboard_lists_questions_nothing_answered_scrubbed(
    app_client, db, db_url, knowledge, clock,
) -> None:
    for _ in range(2):
        reply = asyncio.run(_ask(db_url, PHONE_QUESTION, clock))
        assert reply.status == "unknown"
    db.operator(email="bia@loja.com", role="operator", name="Bia")
    sign_in(app_client, email="bia@loja.com")
    board = app_client.get("/console/dashboard").text
    section = board[board.index('id="sem-resposta"'):]
    assert "Perguntas sem resposta" in section
    assert "vcs tem estacionamento? me liga no" in section
    assert "98765" not in board and "4321" not in board
    assert re.search(r"<td>2</td><td>23/11 12:00</td>", section)  # São Paulo time
    assert "/console/knowledge" not in section.split("</table>")[0]  # admins answer them


def test_an_admin_answers_an_unanswered_question_from_the_dashboard(
    app_client, db, db_url, knowledge, clock,
) -> None:
    assert asyncio.run(_ask(db_url, PHONE_QUESTION, clock)).status == "unknown"
    question = db.rows("SELECT id, question FROM unanswered_questions")[0]
    db.operator()
    sign_in(app_client)
    board = app_client.get("/console/dashboard").text
    link = f"/console/knowledge?pergunta={question['id']}#nova"
    assert f'href="{link}"' in board
    form = app_client.get(link).text
    typed = html.escape(question["question"])
    assert f'<input id="new-question" name="question" value="{typed}"' in form
    added = app_client.post("/console/knowledge/faq", data={
        "csrf": csrf_of(form), "document": "faq|pt", "pergunta": str(question["id"]),
        "question": "Vocês têm estacionamento?",
        "answer": "Temos convênio com o estacionamento ao lado: a primeira hora é nossa."},
        follow_redirects=False)
    assert added.status_code == 303
    assert db.rows("SELECT id FROM unanswered_questions") == []
    reply = asyncio.run(_ask(db_url, "vcs tem estacionamento?", clock))
    assert reply.status == "answered" and "convênio" in reply.text


def test_an_admin_marks_an_unanswered_question_handled(app_client, db, db_url, knowledge,
                                                       clock) -> None:
    assert asyncio.run(_ask(db_url, PHONE_QUESTION, clock)).status == "unknown"
    question_id = db.rows("SELECT id FROM unanswered_questions")[0]["id"]
    db.operator()
    sign_in(app_client)
    csrf = csrf_of(app_client.get("/console/dashboard").text)
    url = f"/console/knowledge/unanswered/{question_id}/dismiss"
    assert app_client.post(url, data={}, follow_redirects=False).status_code == 403
    done = app_client.post(url, data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/console/dashboard")
    assert db.rows("SELECT id FROM unanswered_questions") == []
    assert "Nenhuma por enquanto" in app_client.get("/console/dashboard").text
    assert app_client.post(url, data={"csrf": csrf}).status_code == 404

"""FAQ entries edited one at a time: scoped by store, checked like a file, written like the
importer writes them, and live at once; unanswered questions handled."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from psycopg.rows import tuple_row

from balcao.clock import FrozenClock
from tools.knowledge.ask import ask
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.faq import (
    FaqEntryInvalid,
    FaqEntryNotFound,
    add_faq,
    faq_documents,
    get_faq,
    list_faq,
    update_faq,
)
from tools.knowledge.files import MAX_PASSAGE_CHARS, check_faq_entry
from tools.knowledge.importer import import_folder
from tools.knowledge.unanswered import (
    dismiss_unanswered,
    list_unanswered,
    open_question,
    recent_unanswered,
)
from tools.stores import ensure_store

WRAP = "Vocês fazem embrulho para presente?"
OLD_ANSWER = "Fazemos, sem custo: peça ao fechar o pedido."
NEW_QUESTION = "Vocês embrulham para presente?"
NEW_ANSWER = ("Não fazemos mais embrulho para presente, mas mandamos um cartão com a sua "
              "mensagem, sem o valor da compra.")


@pytest.fixture
async def kb(pool, encoder, clock):
    """A fresh database: the demo knowledge in `default`, and store `outra` with the same."""
    async with pool.connection() as conn:
        await ensure_store(conn, "outra", "Outra loja")
        for store in ("default", "outra"):
            await import_folder(conn, demo_knowledge_dir(), store_id=store, clock=clock,
                                encoder=encoder)
    return pool


async def _entry_id(conn, store: str, question: str) -> int:
    return next(e.id for e in await list_faq(conn, store) if e.question == question)


async def _ask(conn, config, question, encoder, clock, **kw):
    return await ask(conn, store_id="default", config=config, question=question, clock=clock,
                     encoder=encoder, **kw)


async def test_the_store_faq_is_listed_in_file_order(kb) -> None:
    async with kb.connection() as conn:
        entries = await list_faq(conn, "default")
        documents = await faq_documents(conn, "default")
    assert {(e.doc_id, e.lang) for e in entries} == {("faq", "pt"), ("faq", "en")}
    pt = [e for e in entries if e.lang == "pt"]
    assert pt[0].question == "Vocês têm loja física?" and pt[0].source == "faq.md:5"
    assert [e.position for e in pt] == sorted(e.position for e in pt)
    assert documents == [("faq", "en", "Frequently asked questions"),
                         ("faq", "pt", "Perguntas frequentes")]


async def test_an_edit_is_live_at_once_and_written_as_the_importer_writes(
    kb, encoder, demo_config, clock: FrozenClock, tmp_path: Path,
) -> None:
    async with kb.connection() as conn:
        before = await _ask(conn, demo_config, "vocês fazem embrulho pra presente?", encoder,
                            clock, record_unknown=False)
        assert OLD_ANSWER in before.text
        entry_id = await _entry_id(conn, "default", WRAP)
        clock.advance(hours=1)
        edit = await update_faq(conn, "default", entry_id, question=f"  {NEW_QUESTION} ",
                                answer=f"\n{NEW_ANSWER}  \n\n\n", clock=clock, encoder=encoder)
        assert edit.changed
        assert (edit.entry.question, edit.entry.answer) == (NEW_QUESTION, NEW_ANSWER)
        after = await _ask(conn, demo_config, "vocês fazem embrulho pra presente?", encoder,
                           clock, record_unknown=False)
        assert NEW_ANSWER in after.text and OLD_ANSWER not in after.text
        assert after.passages[0].id == entry_id

    # The same text imported from a file gives the same search columns.
    folder = tmp_path / "knowledge"
    shutil.copytree(demo_knowledge_dir(), folder)
    faq = folder / "faq.md"
    text = faq.read_text(encoding="utf-8")
    start = text.index(f"## {WRAP}")
    end = text.index("\n## ", start + 1)
    faq.write_text(text[:start] + f"## {NEW_QUESTION}\n{NEW_ANSWER}\n" + text[end:],
                   encoding="utf-8")
    async with kb.connection() as conn:
        await ensure_store(conn, "copia", "Cópia")
        await import_folder(conn, folder, store_id="copia", clock=clock, encoder=encoder)
        cur = conn.cursor(row_factory=tuple_row)
        await cur.execute(
            "SELECT e.title = i.title, e.question = i.question, e.body = i.body,"
            " e.search_tsv = i.search_tsv, e.text_hash = i.text_hash, e.model = i.model,"
            " 1 - (e.embedding <=> i.embedding) > 0.9999, e.updated_at"
            " FROM knowledge_passages e JOIN knowledge_passages i USING (doc_id, lang, position)"
            " WHERE e.id = %s AND i.store_id = 'copia'", (entry_id,))
        row = await cur.fetchone()
    assert row is not None and row[:7] == (True,) * 7
    assert row[7] == clock.now()


async def test_an_unchanged_edit_keeps_the_row(kb, encoder, clock) -> None:
    async with kb.connection() as conn:
        entry_id = await _entry_id(conn, "default", WRAP)
        entry = await get_faq(conn, "default", entry_id)
        assert entry is not None
        edit = await update_faq(conn, "default", entry_id, question=entry.question,
                                answer=entry.answer, clock=FrozenClock(clock.now() + timedelta(
                                    days=1)), encoder=encoder)
    assert not edit.changed and edit.entry == entry


async def test_without_a_model_an_edit_drops_the_stale_vector(kb, encoder, clock) -> None:
    async with kb.connection() as conn:
        entry_id = await _entry_id(conn, "default", WRAP)
        await update_faq(conn, "default", entry_id, question=WRAP, answer=NEW_ANSWER,
                         clock=clock, encoder=None)
        cur = conn.cursor(row_factory=tuple_row)
        await cur.execute(
            "SELECT model, embedding FROM knowledge_passages WHERE id = %s", (entry_id,))
        assert await cur.fetchone() == (None, None)


async def test_another_stores_entry_or_a_policy_passage_is_not_found(kb, encoder, clock) -> None:
    async with kb.connection() as conn:
        theirs = await _entry_id(conn, "outra", WRAP)
        cur = conn.cursor(row_factory=tuple_row)
        await cur.execute(
            "SELECT id FROM knowledge_passages WHERE store_id = 'default' AND kind = 'policy'"
            " LIMIT 1")
        policy = (await cur.fetchone())[0]
        for entry_id in (theirs, policy, 999_999):
            with pytest.raises(FaqEntryNotFound):
                await update_faq(conn, "default", entry_id, question="Oi?", answer="Olá.",
                                 clock=clock, encoder=encoder)
            assert await get_faq(conn, "default", entry_id) is None
        with pytest.raises(FaqEntryNotFound):
            await add_faq(conn, "default", doc_id="trocas", lang="pt", question="Oi?",
                          answer="Olá.", clock=clock, encoder=encoder)
        untouched = await get_faq(conn, "outra", theirs)
    assert untouched is not None and untouched.question == WRAP


@pytest.mark.parametrize(("question", "answer", "problem"), [
    ("", "Sim.", "question_empty"),
    ("Primeira linha?\nSegunda?", "Sim.", "question_lines"),
    ("Pode?", "   \n  ", "answer_empty"),
    ("Pode?", "<!-- só um comentário -->", "answer_empty"),
    ("Pode?", "x" * (MAX_PASSAGE_CHARS + 1), "answer_too_long"),
    ("Pode?", "Sim.\n## Outra pergunta\nNão.", "answer_headings"),
    ("Pode?", "# Título\nSim.", "answer_headings"),
    ("Pode?", "Nosso CNPJ é 12.345.678/0001-00.", "cnpj"),
])
def test_an_entry_is_checked_like_a_file(question: str, answer: str, problem: str) -> None:
    assert problem in check_faq_entry(question, answer)[2]


def test_a_good_entry_is_cleaned_like_a_file() -> None:
    answer = "Sim!  \n\n\n\n### Detalhes\n- um\n<!-- nota -->\n- dois\n" + "y" * 10
    question, body, problems = check_faq_entry("  Pode trocar? ", answer)
    assert problems == []
    assert question == "Pode trocar?"
    assert body == "Sim!\n\n### Detalhes\n- um\n- dois\n" + "y" * 10
    assert check_faq_entry("Q?", "z" * MAX_PASSAGE_CHARS)[2] == []


async def test_a_refused_edit_writes_nothing(kb, encoder, clock) -> None:
    async with kb.connection() as conn:
        entry_id = await _entry_id(conn, "default", WRAP)
        before = await get_faq(conn, "default", entry_id)
        with pytest.raises(FaqEntryInvalid) as refused:
            await update_faq(conn, "default", entry_id, question="Vocês têm loja FÍSICA?",
                             answer="", clock=clock, encoder=encoder)
        assert refused.value.problems == ["answer_empty", "question_repeated"]
        assert await get_faq(conn, "default", entry_id) == before


async def test_a_new_entry_goes_to_the_end_and_answers(kb, encoder, demo_config,
                                                       clock) -> None:
    async with kb.connection() as conn:
        last = max(e.position for e in await list_faq(conn, "default") if e.lang == "pt")
        entry = await add_faq(conn, "default", doc_id="faq", lang="pt",
                              question="Vocês têm estacionamento?",
                              answer="Temos convênio com o estacionamento ao lado da loja: "
                                     "a primeira hora é por nossa conta.",
                              clock=clock, encoder=encoder)
        assert (entry.position, entry.source) == (last + 1, "console")
        reply = await _ask(conn, demo_config, "vcs tem estacionamento?", encoder, clock,
                           record_unknown=False)
        assert reply.status == "answered" and "convênio" in reply.text
        with pytest.raises(FaqEntryInvalid):
            await add_faq(conn, "default", doc_id="faq", lang="pt",
                          question="vocês têm estacionamento?", answer="De novo.", clock=clock,
                          encoder=encoder)


async def test_unanswered_questions_are_listed_and_handled_per_store(kb, encoder, demo_config,
                                                                     clock) -> None:
    async with kb.connection() as conn:
        for question in ("vcs tem estacionamento? me liga (11) 98765-4321",
                         "aceitam cachorro na loja?"):
            reply = await _ask(conn, demo_config, question, encoder, clock)
            assert reply.status == "unknown"
        recent = await recent_unanswered(conn, "default")
        assert len(recent) == 2 and "98765" not in recent[0].question + recent[1].question
        assert {q.question for q in recent} == {q.question for q in
                                                await list_unanswered(conn, "default")}
        first = recent[0]
        assert await open_question(conn, "outra", first.id) is None
        assert not await dismiss_unanswered(conn, "outra", first.id)
        assert await open_question(conn, "default", first.id) == first
        assert await dismiss_unanswered(conn, "default", first.id)
        assert [q.id for q in await recent_unanswered(conn, "default")] == [recent[1].id]

"""`/console/knowledge`: administrators edit the store's FAQ (live at once) and handle the
questions the bot could not answer.

For the store's owners and the platform administrator: an answer here is what the bot tells
every buyer. The pages work on the store the console shows (`api.console.scope`).
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, HTTPException, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.layout import csrf_field, esc, page
from api.console.scope import ManagerDep, StoreScope
from api.deps import ResourcesDep
from api.resources import Resources
from tools.catalog.embeddings import default_embedder
from tools.knowledge.faq import (
    FaqEntry,
    FaqEntryInvalid,
    FaqEntryNotFound,
    add_faq,
    faq_documents,
    list_faq,
    update_faq,
)
from tools.knowledge.files import MAX_PASSAGE_CHARS
from tools.knowledge.unanswered import OpenQuestion, dismiss_unanswered, open_question

router = APIRouter(prefix="/knowledge")

PROBLEMS = {
    "question_empty": "A pergunta está vazia.",
    "question_lines": "A pergunta deve ter uma linha só.",
    "question_repeated": "Este FAQ já tem outra pergunta igual.",
    "answer_empty": "A resposta está vazia.",
    "answer_too_long": f"A resposta passa de {MAX_PASSAGE_CHARS} caracteres: encurte-a.",
    "answer_headings": "A resposta não pode ter títulos “#” ou “##” (use “###”).",
    "cnpj": "Um CNPJ no texto tem os dígitos verificadores errados.",
}
_LANGS = {"pt": "português", "en": "inglês"}


class _Typed:
    """What the admin typed in one form that was refused, shown again with the problems."""

    def __init__(self, key: str, question: str, answer: str, problems: list[str]) -> None:
        self.key, self.question, self.answer, self.problems = key, question, answer, problems


@router.get("", response_class=HTMLResponse)
async def knowledge_page(resources: ResourcesDep, admin: ManagerDep, msg: str = "",
                         pergunta: int | None = Query(None),
                         entrada: int | None = Query(None)) -> Response:
    """The FAQ, each entry folded (`entrada` opens one); `pergunta` shows an unanswered
    question and starts a new entry with it."""
    return await _render(resources, admin, msg=msg, question_id=pergunta, opened=entrada)


@router.post("/faq/{entry_id}")
async def edit_entry(resources: ResourcesDep, admin: ManagerDep, entry_id: int,
                     question: str = Form(""), answer: str = Form("")) -> Response:
    encoder = await asyncio.to_thread(default_embedder)
    async with resources.pool.connection() as conn:
        try:
            edit = await update_faq(conn, admin.store_id, entry_id,
                                    question=question, answer=answer, clock=resources.clock,
                                    encoder=encoder)
        except FaqEntryNotFound:
            raise HTTPException(404, "no such FAQ entry") from None
        except FaqEntryInvalid as err:
            typed = _Typed(f"faq-{entry_id}", question, answer, err.problems)
            return await _render(resources, admin, typed=typed, status=422)
    message = "Resposta salva: o bot já responde assim." if edit.changed else "Nada mudou."
    return RedirectResponse(
        f"/console/knowledge?msg={quote(message)}&entrada={entry_id}#faq-{entry_id}",
        status_code=303)


@router.post("/faq")
async def new_entry(resources: ResourcesDep, admin: ManagerDep, document: str = Form(""),
                    question: str = Form(""), answer: str = Form(""),
                    pergunta: int | None = Form(None)) -> Response:
    doc_id, _, lang = document.rpartition("|")
    encoder = await asyncio.to_thread(default_embedder)
    store_id = admin.store_id
    async with resources.pool.connection() as conn:
        try:
            entry = await add_faq(conn, store_id, doc_id=doc_id, lang=lang, question=question,
                                  answer=answer, clock=resources.clock, encoder=encoder)
        except FaqEntryNotFound:
            raise HTTPException(404, "no such FAQ document") from None
        except FaqEntryInvalid as err:
            typed = _Typed("nova", question, answer, err.problems)
            return await _render(resources, admin, typed=typed, question_id=pergunta,
                                 status=422)
        if pergunta is not None:
            await dismiss_unanswered(conn, store_id, pergunta)
    message = "Pergunta adicionada: o bot já responde com ela."
    return RedirectResponse(
        f"/console/knowledge?msg={quote(message)}&entrada={entry.id}#faq-{entry.id}",
        status_code=303)


@router.post("/unanswered/{question_id}/dismiss")
async def dismiss(resources: ResourcesDep, admin: ManagerDep, question_id: int,
                  back: str = Form("dashboard")) -> Response:
    async with resources.pool.connection() as conn:
        if not await dismiss_unanswered(conn, admin.store_id, question_id):
            raise HTTPException(404, "no such question")
    if back == "knowledge":
        return RedirectResponse(f"/console/knowledge?msg={quote('Pergunta resolvida.')}",
                                status_code=303)
    return RedirectResponse("/console/dashboard#sem-resposta", status_code=303)


async def _render(resources: Resources, admin: StoreScope, *, msg: str = "",
                  question_id: int | None = None, opened: int | None = None,
                  typed: _Typed | None = None, status: int = 200) -> Response:
    store_id = admin.store_id
    zone = ZoneInfo(resources.services.stores.get(store_id).escalation.hours.timezone)
    async with resources.pool.connection() as conn:
        entries = await list_faq(conn, store_id)
        documents = await faq_documents(conn, store_id)
        asked = (await open_question(conn, store_id, question_id)
                 if question_id is not None else None)
    flash = f'<p class="flash" role="status">{esc(msg)}</p>' if msg else ""
    if typed is not None:
        flash += ('<p class="flash" role="alert">Não foi salvo: veja o que corrigir no '
                  f'formulário <a href="#{esc(typed.key)}">abaixo</a>.</p>')
    body = (
        f"<h1>Conhecimento · perguntas frequentes</h1>{flash}"
        '<p class="meta">O que você salva aqui vale na hora: o bot já responde com o texto '
        "novo. Uma nova importação da pasta de conhecimento (<code>balcao knowledge "
        "import</code>) volta ao que está nos arquivos: leve a mudança para o arquivo "
        "também.</p>"
        + _asked_card(asked, admin, zone)
        + _new_form(documents, admin, asked, typed)
        + _entries(entries, admin, zone, typed, opened)
    )
    return HTMLResponse(page("Conhecimento", body, operator=admin, active="knowledge"),
                        status_code=status)


def _asked_card(asked: OpenQuestion | None, admin: StoreScope, zone: ZoneInfo) -> str:
    if asked is None:
        return ""
    when = asked.asked_at.astimezone(zone).strftime("%d/%m %H:%M")
    return (
        '<div class="card" id="pergunta"><h2>Pergunta sem resposta</h2>'
        f"<p><b>{esc(asked.question)}</b></p>"
        f'<p class="meta">{asked.count} vez(es), a última em {when}. Responda com uma nova '
        "pergunta abaixo ou corrija a que deveria respondê-la.</p>"
        f'<form method="post" action="/console/knowledge/unanswered/{asked.id}/dismiss">'
        f'{csrf_field(admin)}<input type="hidden" name="back" value="knowledge">'
        '<button class="secondary" type="submit">Marcar como resolvida</button></form></div>'
    )


def _new_form(documents: list[tuple[str, str, str]], admin: StoreScope,
              asked: OpenQuestion | None, typed: _Typed | None) -> str:
    if not documents:
        return ('<div class="card"><p class="meta">A loja ainda não tem FAQ: importe a pasta '
                "de conhecimento com <code>balcao knowledge import PASTA</code>.</p></div>")
    mine = typed if typed is not None and typed.key == "nova" else None
    question = mine.question if mine else (asked.question if asked else "")
    answer = mine.answer if mine else ""
    lang = asked.lang if asked else "pt"
    options = "".join(
        f'<option value="{esc(doc_id)}|{esc(doc_lang)}"'
        f'{" selected" if doc_lang == lang else ""}>{esc(title)} ({_LANGS[doc_lang]})</option>'
        for doc_id, doc_lang, title in documents)
    hidden = f'<input type="hidden" name="pergunta" value="{asked.id}">' if asked else ""
    opened = " open" if asked or mine else ""
    return (
        f'<details class="card" id="nova"{opened}><summary><b>Nova pergunta</b></summary>'
        f'<form method="post" action="/console/knowledge/faq">{csrf_field(admin)}{hidden}'
        + _problems(mine)
        + '<label for="new-document">FAQ</label>'
        f'<select id="new-document" name="document">{options}</select>'
        + _fields("new", question, answer)
        + '<button type="submit">Adicionar</button></form></details>'
    )


def _entries(entries: list[FaqEntry], admin: StoreScope, zone: ZoneInfo,
             typed: _Typed | None, opened: int | None) -> str:
    if not entries:
        return ""
    html, heading = [], None
    for entry in entries:
        if (entry.doc_title, entry.lang) != heading:
            heading = (entry.doc_title, entry.lang)
            html.append(f"<h2>{esc(entry.doc_title)} ({_LANGS[entry.lang]})</h2>")
        key = f"faq-{entry.id}"
        mine = typed if typed is not None and typed.key == key else None
        when = entry.updated_at.astimezone(zone).strftime("%d/%m/%Y %H:%M")
        is_open = " open" if mine or entry.id == opened else ""
        html.append(
            f'<details class="card faq" id="{key}"{is_open}>'
            f"<summary><b>{esc(entry.question)}</b></summary>"
            f'<form method="post" action="/console/knowledge/faq/{entry.id}">{csrf_field(admin)}'
            + _problems(mine)
            + _fields(key, mine.question if mine else entry.question,
                      mine.answer if mine else entry.answer)
            + '<div class="actions"><button type="submit">Salvar</button>'
            f'<span class="meta">{esc(entry.source)} · atualizada em {when}</span></div>'
            "</form></details>"
        )
    return "".join(html)


def _fields(key: str, question: str, answer: str) -> str:
    return (
        f'<label for="{key}-question">Pergunta</label>'
        f'<input id="{key}-question" name="question" value="{esc(question)}" required>'
        f'<label for="{key}-answer">Resposta (até {MAX_PASSAGE_CHARS} caracteres)</label>'
        f'<textarea id="{key}-answer" name="answer" rows="5" required>\n{esc(answer)}'
        "</textarea>"
    )


def _problems(typed: _Typed | None) -> str:
    if typed is None or not typed.problems:
        return ""
    items = "".join(f"<li>{esc(PROBLEMS.get(p, p))}</li>" for p in typed.problems)
    return f'<ul class="flash problems" role="alert">{items}</ul>'

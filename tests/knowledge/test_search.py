"""Retrieval on the demo knowledge: paraphrases and slang find the passage; nothing else
finds nothing."""

from __future__ import annotations

import pytest

from tools.knowledge.answer import LIMIT, TRANSLATION_NOTE, answer_from, extract
from tools.knowledge.search import search


@pytest.mark.parametrize(
    ("question", "lang", "source"),
    [
        ("comprei e me arrependi, e agora?", "pt", "trocas.md"),
        ("em qnto tempo cai o estorno no cartao?", "pt", "trocas.md"),
        ("perfume aberto pode trocar?", "pt", "trocas.md"),
        ("o fone veio com defeito, o que faço?", "pt", "faq.md"),
        ("vcs emitem nf?", "pt", "faq.md"),
        ("embrulha pra presente?", "pt", "faq.md"),
        ("vcs vendem meus dados?", "pt", "privacidade.md"),
        ("perto de qual metro fica a loja?", "pt", "sobre.md"),
        ("do you gift wrap?", "en", "faq.en.md"),
        ("how do I track my order?", "en", "faq.en.md"),
    ],
)
async def test_buyers_words_find_the_right_document(knowledge_pool, encoder, question: str,
                                                    lang: str, source: str) -> None:
    async with knowledge_pool.connection() as conn:
        hits = await search(conn, "default", question, lang=lang, encoder=encoder)
    answer = answer_from(hits, question, lang)
    assert answer is not None
    assert answer.passages[0].source.startswith(source)


@pytest.mark.parametrize(
    "question",
    ["qual a capital da franca", "quem ganhou o jogo do flamengo ontem?",
     "me recomenda um filme pra hoje", "qual a senha do wifi?"],
)
async def test_unrelated_questions_find_nothing(knowledge_pool, encoder, question: str) -> None:
    async with knowledge_pool.connection() as conn:
        hits = await search(conn, "default", question, lang="pt", encoder=encoder)
    assert not any(hit.confident for hit in hits)
    assert answer_from(hits, question, "pt") is None


async def test_english_questions_search_english_passages(knowledge_pool, encoder) -> None:
    async with knowledge_pool.connection() as conn:
        hits = await search(conn, "default", "what's your return policy?", lang="en",
                            encoder=encoder)
    assert hits and {hit.lang for hit in hits} == {"en"}


async def test_english_over_portuguese_only_knowledge_says_so(knowledge_pool, encoder) -> None:
    async with knowledge_pool.connection() as conn:
        hits = await search(conn, "torrasul", "can I return the coffee?", lang="en",
                            encoder=encoder)
    answer = answer_from(hits, "can I return the coffee?", "en")
    assert answer is not None
    assert answer.text.startswith(TRANSLATION_NOTE)
    assert answer.passages[0].lang == "pt"


async def test_full_text_alone_still_answers_and_still_refuses(knowledge_pool) -> None:
    async with knowledge_pool.connection() as conn:
        found = await search(conn, "default", "vcs emitem nota fiscal?", lang="pt",
                             encoder=None)
        nothing = await search(conn, "default", "qual a capital da franca", lang="pt",
                               encoder=None)
    assert found[0].confident and found[0].source.startswith("faq.md")
    assert found[0].similarity is None
    assert not any(hit.confident for hit in nothing)


async def test_a_long_passage_is_cut_between_sentences(knowledge_pool, encoder) -> None:
    async with knowledge_pool.connection() as conn:
        hits = await search(conn, "default", "posso retirar na loja com documento?", lang="pt",
                            encoder=encoder)
    hit = next(h for h in hits if h.title == "Retirada na loja")
    short = extract(hit, "documento com foto para retirar", limit=200)
    assert len(short) <= 200
    assert short.endswith(".")
    assert "documento com foto" in short
    whole = extract(hit, "retirada", limit=LIMIT)
    assert whole.startswith("*Retirada na loja*\n")
    assert "\n" not in whole.split("\n", 1)[1]  # the paragraph's source lines are joined

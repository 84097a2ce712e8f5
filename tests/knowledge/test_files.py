"""The folder format: what parses, and every problem reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.knowledge.conftest import EVAL_STORES, write
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.files import (
    KnowledgeFormatError,
    format_issue,
    load_folder,
    parse_document,
    valid_cnpj,
)

POLICY = """---
kind: policy
title: Trocas
---
Resumo da política.

## Prazo
Até 7 dias.

## Como pedir
Pelo WhatsApp.
"""


def test_a_policy_splits_at_second_level_headings() -> None:
    document, issues = parse_document("politicas/trocas.md", POLICY)
    assert issues == []
    assert document is not None
    assert (document.doc_id, document.kind, document.lang, document.title) == (
        "politicas/trocas", "policy", "pt", "Trocas")
    assert [(p.position, p.title, p.body, p.line) for p in document.passages] == [
        (0, "Trocas", "Resumo da política.", 5),
        (1, "Prazo", "Até 7 dias.", 7),
        (2, "Como pedir", "Pelo WhatsApp.", 10),
    ]


def test_faq_headings_are_questions_and_language_comes_from_the_file_name() -> None:
    text = "---\nkind: faq\ntitle: FAQ\n---\n## Do you ship?\nYes.\n\n## Gift wrap?\nFree.\n"
    document, issues = parse_document("faq.en.md", text)
    assert issues == [] and document is not None
    assert document.lang == "en" and document.doc_id == "faq"
    assert [(p.question, p.body) for p in document.passages] == [
        ("Do you ship?", "Yes."), ("Gift wrap?", "Free.")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: policy\ntitle: X\n", [(1, "the file must start with a '---' line (front matter "
                                          "with kind and title)")]),
        ("---\nkind: policy\ntitle: X\n", [(1, "the front matter opened here is never closed "
                                                "with '---'")]),
        ("---\nkind: policy\ntitel: X\n---\ntext\n",
         [(1, "front matter: 'title' is required"),
          (3, "unknown key 'titel' (did you mean 'title'?)")]),
        ("---\nkind: politica\ntitle: X\n---\ntext\n",
         [(2, "kind 'politica' is not one of policy, faq, about")]),
        ("---\nkind: policy\ntitle: X\nlang: es\n---\ntext\n",
         [(4, "lang 'es' is not one of pt, en")]),
        ("---\nkind: policy\ntitle: [unclosed\n---\ntext\n",
         [(3, "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'")]),
        ("---\nkind: faq\ntitle: FAQ\n---\nsolto\n## Pergunta?\nResposta.\n",
         [(5, "text before the first question: in a FAQ every answer goes under a "
              "'## question' heading")]),
        ("---\nkind: faq\ntitle: FAQ\n---\n## Pergunta sem resposta?\n## Outra?\nSim.\n",
         [(5, "this question has no answer below it")]),
        ("---\nkind: policy\ntitle: X\n---\n# Título\n## Seção\ntexto\n",
         [(5, "'#' headings are not used: the title is in the front matter; start sections "
              "with '##'")]),
        ("---\nkind: policy\ntitle: X\n---\n## A\num\n## a\ndois\n",
         [(7, "heading 'a' repeats line 5")]),
        ("---\nkind: about\ntitle: X\n---\nCNPJ 12.345.678/0001-00\n",
         [(5, "CNPJ 12.345.678/0001-00 has wrong check digits")]),
        ("---\nkind: policy\ntitle: X\n---\n\n", [(5, "the document has no text after its "
                                                     "front matter")]),
    ],
)
def test_problems_are_reported_with_their_line(text: str, expected: list) -> None:
    document, issues = parse_document("x.md", text)
    assert document is None
    assert issues == expected


def test_a_section_too_long_for_one_answer_is_refused() -> None:
    text = "---\nkind: policy\ntitle: X\n---\n## Longa\n" + "Uma frase qualquer. " * 80 + "\n"
    _, issues = parse_document("x.md", text)
    assert issues == [(5, "section of 1599 characters (at most 1500): split it with more "
                          "'##' headings")]


def test_lang_that_contradicts_the_file_name_is_refused() -> None:
    _, issues = parse_document("faq.en.md", "---\nkind: faq\ntitle: X\nlang: pt\n---\n## Q\nA\n")
    assert issues == [(1, "lang 'pt' contradicts the file name (.en.md)")]


def test_a_folder_reports_every_file_and_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, "trocas.md", POLICY)
    write(tmp_path, "outra/trocas.md", POLICY.replace("kind: policy", "kind: policy\nid: trocas"))
    write(tmp_path, "ruim.md", "sem front matter\n")
    write(tmp_path, "README.md", "notes for the owner, not imported\n")
    with pytest.raises(KnowledgeFormatError) as caught:
        load_folder(tmp_path)
    assert [format_issue(*e) for e in caught.value.errors] == [
        "ruim.md:1: the file must start with a '---' line (front matter with kind and title)",
        "trocas.md:1: id 'trocas' (pt) is already used by outra/trocas.md",
    ]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeFormatError, match="no .md files"):
        load_folder(tmp_path)


def test_the_shipped_folders_are_valid() -> None:
    demo = load_folder(demo_knowledge_dir())
    assert {d.lang for d in demo} == {"pt", "en"}
    pt_ids = {d.doc_id for d in demo if d.lang == "pt"}
    assert pt_ids == {d.doc_id for d in demo if d.lang == "en"}
    assert {"sobre", "trocas", "garantia", "entrega", "pagamento", "privacidade", "faq"} <= pt_ids
    assert load_folder(EVAL_STORES / "torrasul")


def test_cnpj_check_digits() -> None:
    assert valid_cnpj("12.345.678/0001-95")
    assert valid_cnpj("98765432000198")
    assert not valid_cnpj("12.345.678/0001-96")
    assert not valid_cnpj("11.111.111/1111-11")

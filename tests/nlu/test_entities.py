"""Entity extraction to the normalized values of docs/spec/nlu.md."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # money: Brazilian and English formats, words, slang, bounds
        ("tem algum por R$ 1.299,90?", {"price_max": 1299.9}),
        ("até 150 conto", {"price_max": 150}),
        ("pra mim msm, n passa de 80 blz", {"price_max": 80}),
        ("tenho uns 350", {"price_max": 350}),
        ("presente pra minha mae, uns 150", {"price_max": 150}),
        ("about 50 bucks", {"price_max": 50}),
        ("quero uns 20 adesivos", {"quantity": 20}),
        ("até 150 reais", {"price_max": 150}),
        ("no máximo R$ 99,90", {"price_max": 99.9}),
        ("acima de 200", {"price_min": 200}),
        ("entre 100 e 200 reais", {"price_min": 100, "price_max": 200}),
        ("de R$ 50 a R$ 80", {"price_min": 50, "price_max": 80}),
        ("ate cento e cinquenta reais", {"price_max": 150}),
        ("procuro notebook ate 3 mil", {"price_max": 3000}),
        ("under $1,299.90", {"price_max": 1299.9}),
        ("over 200 bucks", {"price_min": 200}),
        ("parcela em até 10x?", {}),
        ("chega em 2 a 3 dias?", {}),
        # quantity: digits, words, dozens, cues
        ("dois", {"quantity": 2}),
        ("quero 2 unidades", {"quantity": 2}),
        ("uma duzia", {"quantity": 12}),
        ("meia duzia", {"quantity": 6}),
        ("bota mais 3", {"quantity": 3}),
        ("I'll take two", {"quantity": 2}),
        ("add a dozen", {"quantity": 12}),
        ("quero uma camiseta", {"category": "camiseta"}),
        ("preciso pensar mais um pouco", {}),
        # identifiers
        ("meu cep é 04567-000", {"cep": "04567000"}),
        ("cep 04.567-000", {"cep": "04567000"}),
        ("01310100", {"cep": "01310100"}),
        ("meu email é Maria@Gmail.com", {"email": "maria@gmail.com"}),
        ("cadê o pedido #4521?", {"order_id": "4521"}),
        ("pedido 4521 ta onde", {"order_id": "4521"}),
        ("order #BR-22A1 status", {"order_id": "BR-22A1"}),
        ("meu telefone é 11 98888-7777", {}),
        ("cpf 529.982.247-25", {}),
        # ordinals against the last list shown
        ("o segundo", {"ordinal": 2}),
        ("a 3", {"ordinal": 3}),
        ("o último", {"ordinal": -1}),
        ("quero o 2º", {"ordinal": 2}),
        ("remove o item 2", {"ordinal": 2}),
        ("the third one", {"ordinal": 3}),
        ("entrega na segunda?", {}),
        ("ja é a segunda vez", {}),
        ("segundo o site é original", {}),
        # sizes and colors
        ("tamanho m", {"size": "M"}),
        ("tem tênis de corrida 42?", {"size": "42", "category": "tenis"}),
        ("tem no G?", {"size": "G"}),
        ("size xl", {"size": "XL"}),
        ("pretas", {"color": "preto"}),
        ("camisas brancas", {"color": "branco", "category": "camisa"}),
        ("azuis", {"color": "azul"}),
        ("my name is David Brown", {}),
        # several entities in one message
        ("quero 3 camisetas pretas M ate 150 conto",
         {"quantity": 3, "color": "preto", "size": "M", "price_max": 150,
          "category": "camiseta"}),
        ("o 2 tem no 42?", {"ordinal": 2, "size": "42"}),
        ("vou querer 2 do 1", {"quantity": 2, "ordinal": 1}),
    ],
)
def test_extracts_normalized_entities(text: str, expected: dict) -> None:
    assert extract_entities(text) == expected


def test_money_values_are_exact_json_numbers() -> None:
    entities = extract_entities("entre R$ 99,90 e R$ 1.000,00")
    assert entities == {"price_min": 99.9, "price_max": 1000}
    assert isinstance(entities["price_max"], int)
    assert isinstance(entities["price_min"], float)


def test_last_list_size_resolves_and_rejects_positions() -> None:
    assert extract_entities("o penultimo", list_size=4) == {"ordinal": 3}
    assert extract_entities("o 5", list_size=3) == {}
    assert extract_entities("o ultimo", list_size=3) == {"ordinal": -1}


def test_pending_question_decides_what_a_bare_answer_is() -> None:
    assert extract_entities("2", pending="choose_product", list_size=3) == {"ordinal": 2}
    assert extract_entities("2", pending="quantity") == {"quantity": 2}
    assert extract_entities("42", pending="size") == {"size": "42"}
    assert extract_entities("12345678", pending="cep") == {"cep": "12345678"}
    assert extract_entities("ana arroba gmail ponto com", pending="email") == {
        "email": "ana@gmail.com"
    }

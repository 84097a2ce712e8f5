"""What the intent model sees of a message: words, word pairs and character n-grams.

Identifiers and amounts become placeholders ("04567-000" -> "_cep_", "R$ 99,90" ->
"_money_", other numbers -> "_num_") so the model learns "a CEP was given" rather than which
CEP. Character n-grams inside words absorb typos and missing accents ("cancelr", "rastreio"
vs "rastrear"); word pairs keep negation and word order ("nao quero", "quero trocar").
The same function feeds training (as a scikit-learn analyzer) and inference, so the two
cannot drift apart.
"""

from __future__ import annotations

import re

from graphs.sales.nlu.normalize import fold, squeeze

_EMAIL = re.compile(r"\S+@\S+\.\S+")
_CEP = re.compile(r"\b\d{2}\.?\d{3}-\d{3}\b|\b\d{8}\b")
_MONEY = re.compile(
    r"(?:r\s?\$|\$)\s*\d[\d.,]*|\b\d[\d.,]*\s*(?:reais|conto|contos|pila|bucks|dollars?)\b"
)
_LONG_NUMBER = re.compile(r"\b\d{4,}\b")
_NUMBER = re.compile(r"\b\d{1,3}\b")
_TOKEN = re.compile(r"_[a-z]+_|[a-z]+(?:'[a-z]+)?|[?!]|[^\w\s,.;:()\"'-]")
_CHAR_NGRAMS = (2, 3, 4, 5)


def prepare(text: str) -> str:
    """Fold, squeeze and replace identifiers and numbers with placeholders."""
    prepared = squeeze(fold(text))
    prepared = _EMAIL.sub(" _email_ ", prepared)
    prepared = _CEP.sub(" _cep_ ", prepared)
    prepared = _MONEY.sub(" _money_ ", prepared)
    prepared = _LONG_NUMBER.sub(" _id_ ", prepared)
    prepared = _NUMBER.sub(" _num_ ", prepared)
    return prepared


def _length_bucket(count: int) -> str:
    if count <= 3:
        return str(count)
    return "4-6" if count <= 6 else "7+"


def features(text: str) -> list[str]:
    """The feature strings of one message (repeats count as term frequency).

    Args:
        text: The message as typed.

    Returns:
        Word unigrams ("w:"), word pairs with sentence boundaries ("b:"), character 2-5-grams
        inside padded words ("c:") and a message-length bucket ("len:").
    """
    tokens = _TOKEN.findall(prepare(text))
    found = [f"len:{_length_bucket(len(tokens))}"]
    found.extend(f"w:{token}" for token in tokens)
    padded = ["<s>", *tokens, "</s>"]
    found.extend(f"b:{left}|{right}" for left, right in zip(padded, padded[1:], strict=False))
    for token in tokens:
        if not token[0].isalpha() or token.startswith("_"):
            continue
        word = f" {token} "
        for size in _CHAR_NGRAMS:
            found.extend(f"c:{word[i : i + size]}" for i in range(len(word) - size + 1))
    return found


def language_features(text: str) -> list[str]:
    """Character 1-3-grams of the lower-cased words, accents kept (ç, ã, õ are evidence)."""
    found: list[str] = []
    for token in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower()):
        word = f" {token} "
        for size in (1, 2, 3):
            found.extend(word[i : i + size] for i in range(len(word) - size + 1))
    return found

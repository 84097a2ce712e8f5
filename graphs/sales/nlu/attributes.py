"""Product attributes: `size`, `color` and `category` (docs/spec/nlu.md).

Sizes are reported as a catalog writes them ("tamanho m" -> "M", "tenis 42" -> "42");
colors in their lower-case base form, gender and number folded ("pretas" -> "preto").
"""

from __future__ import annotations

import re

from graphs.sales.nlu.spans import ClaimedSpans

_LETTER_SIZES = r"pp|p|m|g|gg|xg|xgg|eg|egg|exg|xs|s|l|xl|xxl|xxxl|2xl|3xl"
_WORD_SIZES = {
    "pequeno": "P", "medio": "M", "grande": "G", "small": "S", "medium": "M",
    "large": "L", "extra large": "XL", "unico": "U",
}
_EXPLICIT_SIZE = re.compile(
    r"\b(?P<marker>tamanho|tam|tm|size|sz|calco|visto|veste)\b\.?\s*(?:do|da|de|:)?\s*"
    rf"(?P<size>{_LETTER_SIZES}|\d{{1,2}}(?:[.,]5)?|extra large|"
    r"pequeno|medio|grande|small|medium|large|unico)\b"
)
# "numero 40" / "nº 38" / "no 42" are shoe sizes; "numero 2" / "o 2" are list positions.
_NUMBER_SIZE = re.compile(r"\b(?P<marker>numero|num|n|no|na|in)\.?\s*(?P<size>\d{2})\b")
_PREPOSITION_LETTER = re.compile(rf"\b(?:no|na|em|in|de)\s+(?P<size>{_LETTER_SIZES})\b(?!['-])")
_SIZED_NOUN = re.compile(
    r"\b(tenis|sapatos?|chinelos?|sandalias?|botas?|chuteiras?|sapatilhas?|rasteirinhas?|"
    r"rasteiras?|tamancos?|crocs|havaianas|shoes?|sneakers?|boots?|sandals?|heels|"
    r"calcas?|jeans|bermudas?|shorts?|saias?|pants|trousers)\b"
    r"(?P<gap>(?:[\s,]+[a-z]+){0,3}?)[\s,:-]+(?P<size>\d{2})\b"
)
_CLOTHING_LETTER = re.compile(
    r"\b(camisetas?|camisas?|blusas?|blusinhas?|vestidos?|saias?|bermudas?|shorts?|"
    r"jaquetas?|casacos?|moletons?|moletom|regatas?|body|bodies|tops?|leggings?|pijamas?|"
    r"calcas?|cuecas?|sutias?|biquinis?|polos?|camisolas?|macacao|macacoes|shirts?|"
    r"t-?shirts?|tees?|hoodies?|dress(?:es)?|jackets?|sweaters?|coats?|blouses?)\b"
    rf"(?:\s+[a-z]+){{0,2}}?\s+(?P<size>{_LETTER_SIZES})\b(?!['-])"
)
_UPPER_SIZE = re.compile(r"(?<![\w'-])(PP|P|M|G|GG|XG|XGG|EG|XS|XL|XXL|L)(?![\w'-])")
_ADDRESS_WORDS = re.compile(
    r"\b(rua|r\.|av|avenida|travessa|alameda|rodovia|estrada|casa|apto|apartamento|ap|"
    r"bloco|bairro|complemento|street|st|avenue|ave|road|rd|apt|suite|unit)\b"
)
_NOT_SIZE_AFTER = re.compile(r"\s*(reais|real|conto|x\b|vezes|dias?|horas?|%|anos?|days?)")

_COLOR_FORMS: dict[str, str] = {}
for _base, _forms in {
    "preto": "preto preta pretos pretas pretinho pretinha",
    "branco": "branco branca brancos brancas branquinho branquinha",
    "vermelho": "vermelho vermelha vermelhos vermelhas",
    "amarelo": "amarelo amarela amarelos amarelas",
    "roxo": "roxo roxa roxos roxas",
    "dourado": "dourado dourada dourados douradas",
    "prateado": "prateado prateada prateados prateadas",
    "colorido": "colorido colorida coloridos coloridas",
    "azul": "azul azuis azulzinho azulzinha",
    "verde": "verde verdes verdinho verdinha",
    "cinza": "cinza cinzas cinzinha",
    "rosa": "rosa rosinha",
    "marrom": "marrom marrons",
    "bege": "bege beges",
    "laranja": "laranja",
    "vinho": "vinho",
    "lilas": "lilas",
    "nude": "nude",
    "caramelo": "caramelo",
    "grafite": "grafite",
    "prata": "prata",
    "black": "black",
    "white": "white",
    "red": "red",
    "blue": "blue",
    "green": "green",
    "yellow": "yellow",
    "pink": "pink",
    "purple": "purple",
    "gray": "gray grey",
    "brown": "brown",
    "beige": "beige",
    "orange": "orange",
    "navy": "navy",
    "gold": "gold golden",
    "silver": "silver",
}.items():
    for _form in _forms.split():
        _COLOR_FORMS[_form] = _base
COLOR_WORDS = frozenset(_COLOR_FORMS)
"""Every folded color form ("pretas", "grey"), for rules that skip over a color."""
_COLOR = re.compile(
    r"\b(azul[ -]marinho|azul[ -]claro|azul[ -]escuro|off[ -]white|"
    + "|".join(sorted(_COLOR_FORMS, key=len, reverse=True))
    + r")\b"
)
_COLOR_PHRASES = {"azul marinho": "azul marinho", "azul-marinho": "azul marinho",
                  "off white": "off white", "off-white": "off white"}

_CATEGORY_FORMS: dict[str, str] = {}
for _base, _forms in {
    "tenis": "tenis", "sapato": "sapato sapatos", "sandalia": "sandalia sandalias",
    # Only the plural "botas": "bota" alone is also the verb "put" ("bota mais 2").
    "chinelo": "chinelo chinelos", "bota": "botas", "sapatilha": "sapatilha sapatilhas",
    "camiseta": "camiseta camisetas", "camisa": "camisa camisas", "blusa": "blusa blusas",
    "vestido": "vestido vestidos", "saia": "saia saias", "calca": "calca calcas",
    "bermuda": "bermuda bermudas", "jaqueta": "jaqueta jaquetas", "casaco": "casaco casacos",
    "moletom": "moletom moletons", "bolsa": "bolsa bolsas", "mochila": "mochila mochilas",
    "carteira": "carteira carteiras", "relogio": "relogio relogios", "oculos": "oculos",
    "bone": "bone bones", "fone": "fone fones", "perfume": "perfume perfumes",
    "meia": "meias", "pijama": "pijama pijamas", "biquini": "biquini biquinis",
    "legging": "legging leggings", "shoes": "shoe shoes", "sneakers": "sneaker sneakers",
    "boots": "boot boots", "t-shirt": "t-shirt t-shirts tshirt tshirts",
    "shirt": "shirt shirts", "dress": "dress dresses", "jeans": "jeans",
    "jacket": "jacket jackets", "hoodie": "hoodie hoodies", "bag": "bag bags",
    "backpack": "backpack backpacks", "watch": "watch watches", "headphones": "headphones",
    "sunglasses": "sunglasses", "socks": "socks",
}.items():
    for _form in _forms.split():
        _CATEGORY_FORMS[_form] = _base


def _size_value(raw: str) -> str:
    raw = raw.strip()
    if raw in _WORD_SIZES:
        return _WORD_SIZES[raw]
    return raw.replace(",", ".").upper()


def extract_size(text: str, folded: str, claimed: ClaimedSpans, *, expecting: bool) -> str | None:
    """The size asked for: after "tamanho"/"size"/"numero", after a shoe or trouser word, a
    letter after a garment word, an upper-case letter ("tem G?"), or a bare answer when the bot
    has just asked for a size (`expecting`)."""
    if expecting:
        bare = re.fullmatch(rf"\s*(?:o|a|no|na)?\s*({_LETTER_SIZES}|\d{{1,2}})\s*[.!]?\s*", folded)
        if bare:
            claimed.claim(*bare.span(1))
            return _size_value(bare.group(1))
    is_address = bool(_ADDRESS_WORDS.search(folded))
    for match in _EXPLICIT_SIZE.finditer(folded):
        if claimed.claim_if_free(*match.span("size")):
            return _size_value(match.group("size"))
    if not is_address:
        for match in _NUMBER_SIZE.finditer(folded):
            if 15 <= int(match.group("size")) <= 50 and claimed.is_free(*match.span("size")) \
                    and not _NOT_SIZE_AFTER.match(folded, match.end()):
                claimed.claim(*match.span("size"))
                return match.group("size")
    for match in _SIZED_NOUN.finditer(folded):
        if 15 <= int(match.group("size")) <= 56 and claimed.is_free(*match.span("size")) \
                and not _NOT_SIZE_AFTER.match(folded, match.end()):
            claimed.claim(*match.span("size"))
            return match.group("size")
    for pattern in (_CLOTHING_LETTER, _PREPOSITION_LETTER):
        for match in pattern.finditer(folded):
            letter = match.group("size")
            # "s"/"l" after a Portuguese preposition are too often something else.
            if pattern is _PREPOSITION_LETTER and letter in ("s", "l", "p"):
                continue
            if claimed.claim_if_free(*match.span("size")):
                return _size_value(letter)
    if len(text.split()) > 1:
        for match in _UPPER_SIZE.finditer(text):
            if claimed.claim_if_free(*match.span(1)):
                return match.group(1)
    return None


def extract_color(text: str, folded: str, claimed: ClaimedSpans) -> str | None:
    """The first color named, in its lower-case base form ("pretas" -> "preto").

    A capitalised color word inside a sentence is a name ("David Brown", "Ana Rosa").
    """
    shouting = text.isupper()
    for match in _COLOR.finditer(folded):
        if not claimed.is_free(*match.span()):
            continue
        if match.start() > 0 and text[match.start()].isupper() and not shouting:
            continue
        word = match.group(1)
        claimed.claim(*match.span())
        if word in _COLOR_PHRASES:
            return _COLOR_PHRASES[word]
        if word.startswith("azul"):
            return "azul"
        return _COLOR_FORMS[word]
    return None


def extract_category(folded: str) -> str | None:
    """The first product kind named, from a small lexicon ("camisetas" -> "camiseta")."""
    for word in re.findall(r"[a-z-]+", folded):
        if word in _CATEGORY_FORMS:
            return _CATEGORY_FORMS[word]
    return None

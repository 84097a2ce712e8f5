"""Questions about a product, answered from its catalog data alone.

"qnto tempo dura a bateria? e é a prova dagua?", "tem em preto?", "serve no x pro?", "qual a
diferença entre o 1 e o 2?": the answer is made of the product's attributes, the clauses of
its description, its variants in stock and its price, matched to the question's words in
Portuguese or English. What the data does not say is reported as unknown (`missing`), never
guessed. Pure: the caller finds the products (`retrieve`), `respond` words the outcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from typing import Any

from tools.catalog.models import Product
from tools.catalog.text import fold
from tools.catalog.vocabulary import (
    COLOR_KEYS,
    COLORS,
    RELATIVE_SIZES,
    SIZE_KEYS,
    SIZES,
    SYNONYMS,
)

# A topic: the words a buyer asks it with, the attribute keys that answer it, and words of a
# description clause that answer it.
_TOPICS: dict[str, tuple[frozenset[str], tuple[str, ...], frozenset[str]]] = {
    "battery": (frozenset("bateria baterias battery dura duracao autonomia carga charge"
                          " recarga last lasts".split()),
                ("bateria", "battery", "autonomia"),
                frozenset("bateria battery autonomia horas carga".split())),
    "water": (frozenset("agua dagua d'agua prova impermeavel waterproof water resistant"
                        " resistente chuva rain molhar molha suor sweat piscina".split()),
                ("resistencia", "resistencia a agua", "agua", "ip", "water resistance",
                 "impermeavel"),
                frozenset("agua suor impermeavel respingos water sweat ipx4 ipx5 ipx7 ip67"
                          " ip68 chuva".split())),
    "material": (frozenset("material materiais feito feita tecido fabric made composicao"
                           " couro algodao leather cotton inox aco vidro madeira plastico"
                           " metal steel glass wood plastic".split()),
                 ("material", "composicao", "tecido", "fabric"),
                 frozenset("couro algodao inox aco silicone tecido malha vidro".split())),
    "weight": (frozenset("peso pesa pesado leve weight weigh weighs heavy light".split()),
               ("peso", "weight"), frozenset("peso leve gramas kg".split())),
    "warranty": (frozenset("garantia warranty guarantee".split()),
                 ("garantia", "warranty"), frozenset("garantia warranty".split())),
    "capacity": (frozenset("capacidade cabe cabem litro litros ml capacity hold holds"
                           " volume".split()),
                 ("capacidade", "capacity", "volume"),
                 frozenset("litro litros ml capacidade".split())),
    "compatibility": (frozenset("serve servem compativel compatible fits fit funciona work works"
                                " cabe".split()),
                      ("compatibilidade", "compatibility", "compativel"),
                      frozenset("compativel compatible".split())),
    "dimensions": (frozenset("medida medidas dimensao dimensoes comprimento"
                             " largura altura espessura grosso grossura thick thickness"
                             " dimensions big".split()),
                   ("dimensoes", "medidas", "espessura", "comprimento", "largura", "altura",
                    "tela", "dimensions"),
                   frozenset("espessura cm mm".split())),
    "power": (frozenset("potencia potente watts watt power powerful loud alto volume".split()),
              ("potencia", "power"), frozenset("potencia watts w".split())),
    "connection": (frozenset("bluetooth conexao conecta connection connect version versao"
                             " wifi".split()),
                   ("conexao", "connection", "bluetooth"), frozenset("bluetooth".split())),
    "screen": (frozenset("tela telinha display screen visor".split()),
               ("tela", "display", "screen"), frozenset("tela amoled lcd display".split())),
    "price": (frozenset("preco precos custa custo valor sai price cost costs".split()),
              (), frozenset()),
}
TOPIC_WORDS = frozenset(w for asks, _, _ in _TOPICS.values() for w in asks)
"""Every word that asks about one of the topics."""
OPTION_ASK_WORDS = frozenset("cor cores color colors colour colours tamanho tamanhos numero"
                             " numeros numeracao size sizes".split())
"""Words that ask which colours or sizes a product comes in."""
_COLOR_ASK = frozenset("cor cores color colors colour colours".split())
_SIZE_ASK = frozenset("tamanho tamanhos numero numeros numeracao size sizes".split())
_ALL_COLORS = {name: group[0] for group in COLORS for name in group if " " not in name}
_ALL_SIZES = {name for group in SIZES for name in group if " " not in name}
# Words of a question that say nothing about what is asked.
QUESTION_FILLER = frozenset(
    """
    qual quais quanto quanta qnto qto como e eh o a os as um uma de do da dos das em no na
    nos nas pra pro para por com sem que se ele ela dele dela isso esse essa este esta ai
    tem ter tenho vc voce vcs me mim meu minha eu ja so tb tbm tambem mais muito bem sim nao
    ok blz tempo qnto qto quanto quantos quantas entao deixa ah hmm eh tipo sera voces
    nice ok okay yes yeah so then well
    does do is it are the a an of in on for with how much many what which have has its
    this that you your me my i there any can will long
    """.split()
)
_COMPARE = re.compile(
    r"\b(?:entre (?:os|as) (?:dois|duas)|entre (?:o|a) \d+ e (?:o|a) \d+|os dois|as duas"
    r"|diferen[cç]a|difere|compara|comparar|qual (?:e|é) melhor|qual (?:vc |voce |você )?"
    r"(?:me )?(?:recomenda|indica|sugere)|qual (?:dos|das) (?:dois|duas)|melhor opcao"
    r"|which (?:one )?(?:is )?better|which (?:one )?(?:do|would) you recommend"
    r"|between the two|difference|compare|both of them"
    r"|qual (?:vc |voce )?(?:acha|achas) (?:o |a )?melhor|fiquei entre|to entre|estou entre"
    r"|which (?:one )?do you think|torn between|can'?t decide between)\b",
    re.IGNORECASE)
_RECOMMEND = re.compile(
    r"\b(?:recomenda|indica|sugere|melhor|vale mais|recommend|better|should i)\b", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"(?<!\d)[.;:!?]+|[.;:!?]+(?!\d)|,(?!\d)\s*|\s+(?:e|and)\s+")
# English question words -> the words a pt-BR catalog writes them with.
_ENGLISH: dict[str, tuple[str, ...]] = {
    "noise": ("ruido",), "cancelling": ("cancelamento",), "canceling": ("cancelamento",),
    "cancellation": ("cancelamento",), "screen": ("tela",), "wireless": ("fio",),
    "heart": ("cardiaca", "cardiaco"), "camera": ("camera",), "charger": ("carregador",),
    "fast": ("rapido", "turbo"), "lid": ("tampa",), "leak": ("vazamento", "antivazamento"),
    "hot": ("quentes", "quente"), "cold": ("geladas", "gelada"), "leather": ("couro",),
    "cotton": ("algodao",), "steel": ("aco", "inox"), "glass": ("vidro",),
    "slip": ("antiderrapante",), "nonslip": ("antiderrapante",), "grip": ("antiderrapante",),
    "handle": ("alca",), "strap": ("alca",), "light": ("luz", "luzes", "led"),
    "lights": ("luz", "luzes", "led"), "wool": ("la",), "pocket": ("bolso",),
    "pockets": ("bolsos",), "zipper": ("ziper",), "hood": ("capuz",), "adjustable": ("ajustavel",),
    "warm": ("quente", "quentinho", "quentinha", "inverno"), "fleece": ("flanelado", "forrado"),
    "lined": ("forrado", "forrada"), "winter": ("inverno",),
}
_WORD = re.compile(r"[a-z0-9']+")


# "tem camiseta basica?", "do you have ...": a question that asks for products, not about one.
ASKS_FOR_PRODUCTS = re.compile(
    r"^\W*(?:e\s+)?(?:(?:vcs?|voces|voce)\s+)?(?:tem|teria|vende[mn]?|vendem"
    r"|do (?:yo)?u (?:guys )?(?:have|sell)|have you got|got any|any)\b")


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("d'agua", "dagua"))


def asks_comparison(text: str) -> bool:
    """Whether the question compares two products ("qual a diferença", "entre os dois"); "os
    2 cabem no valor ne? manda os dois" takes both, it weighs nothing."""
    return bool(_COMPARE.search(_TAKES_BOTH.sub(" ", fold(text))))


# Words that take the two just named ("manda os dois", "I'll take both of them").
_TAKES_BOTH = re.compile(
    r"\b(?:manda|mande|quero|qro|levo|vou levar|vou querer|pode mandar|pode ser|coloca|poe"
    r"|bota|fecha|fecho|add|take|get|send|want|ill take|i ll take)\s+(?:(?:entao|logo|ai)\s+)?"
    r"(?:os|as)?\s*(?:dois|duas|2|both(?: of them)?)\b")


def asks_recommendation(text: str) -> bool:
    """Whether the question asks which one to take ("qual vc recomenda", "which is better")."""
    return bool(_RECOMMEND.search(fold(text)))


def topics_in(text: str) -> list[str]:
    """The topics a question asks about, in the order of `_TOPICS` (colour and size apart)."""
    said = set(words_of(text))
    found = [name for name, (asks, _, _) in _TOPICS.items() if said & asks]
    if said & _COLOR_ASK or any(w in _ALL_COLORS for w in said):
        found.append("color")
    if said & _SIZE_ASK or _sizes_said(said):
        found.append("size")
    if not found and (said & _HOW_MUCH or "how much" in fold(text)):
        found.append("price")  # "qto ta?", "how much?": with no other topic, its price
    return found


_HOW_MUCH = frozenset("quanto quanta qnto qnt qto".split())


def _sizes_said(said: set[str]) -> set[str]:
    # One-letter sizes ("p", "m", "g") are too common as words to count alone; shoe and
    # clothing numbers ("38", "42") count.
    return {w for w in said if (w in _ALL_SIZES and (len(w) > 1 or w.isdigit()))
            or (w.isdigit() and len(w) == 2 and 16 <= int(w) <= 48)}


def content_words(text: str) -> list[str]:
    """The question's words that name something (not question words, not filler)."""
    return [w for w in words_of(text) if w not in QUESTION_FILLER and len(w) > 1]


def about_product(text: str) -> bool:
    """Whether the words of a product question ask something its data might answer (a
    topic, a colour, a size, or words to look for in it)."""
    return bool(topics_in(text)) or bool(content_words(text))


def option_key(product: Product, keys: Iterable[str]) -> str | None:
    wanted = {fold(k) for k in keys}
    for variant in product.variants:
        for key in variant.attributes:
            if fold(key) in wanted:
                return key
    return None


def in_stock_values(product: Product, key: str) -> list[str]:
    values: list[str] = []
    for variant in product.variants:
        value = variant.attributes.get(key)
        if value and variant.in_stock and value not in values:
            values.append(value)
    return values


def _all_values(product: Product, key: str) -> list[str]:
    values: list[str] = []
    for variant in product.variants:
        value = variant.attributes.get(key)
        if value and value not in values:
            values.append(value)
    return values


def description_clauses(description: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(description or "") if c and c.strip()]


def _description_facts(product: Product, words: Set[str]) -> list[str]:
    """Clauses of the description holding one of `words` (folded), in any gender or number
    ("gelado" finds "geladas")."""
    wanted = {_stem(w) for w in words}
    found = []
    for clause in description_clauses(product.description):
        if {_stem(w) for w in words_of(clause)} & wanted and clause not in found:
            found.append(clause)
    return found


def _stem(word: str) -> str:
    """A word without its plural and gender endings, when it is long enough to keep meaning."""
    stem = word[:-1] if len(word) > 4 and word.endswith("s") else word
    return stem[:-1] if len(stem) > 4 and stem[-1] in "aoe" else stem


def attribute_facts(product: Product, keys: Iterable[str]) -> list[dict[str, str]]:
    wanted = {fold(k) for k in keys}
    return [{"name": key, "value": value} for key, value in product.attributes.items()
            if fold(key) in wanted and value]


def _option_fact(product: Product, kind: str, said: set[str]) -> tuple[list[dict[str, str]],
                                                                        dict[str, Any] | None]:
    """Colour or size: the values in stock, and whether the one asked for is among them."""
    keys = COLOR_KEYS if kind == "color" else SIZE_KEYS
    key = option_key(product, keys)
    if key is None:
        own = attribute_facts(product, keys)  # a product sold in one colour
        asked = _asked_value(kind, said)
        if own and asked:
            return own, {"name": own[0]["name"], "value": asked,
                         "available": _same_option(kind, asked, own[0]["value"])}
        return own, None
    values = in_stock_values(product, key)
    facts = [{"name": key, "value": ", ".join(values)}] if values else []
    asked = _asked_value(kind, said)
    if asked is None:
        return facts, None
    available = any(_same_option(kind, asked, v) for v in values)
    sold_out = not available and any(_same_option(kind, asked, v)
                                     for v in _all_values(product, key))
    return facts, {"name": key, "value": asked, "available": available,
                   "sold_out": sold_out}


def _asked_value(kind: str, said: set[str]) -> str | None:
    if kind == "color":
        return next((_ALL_COLORS[w] for w in sorted(said) if w in _ALL_COLORS), None)
    sizes = sorted(_sizes_said(said))
    return sizes[0] if sizes else None


def _same_option(kind: str, asked: str, value: str) -> bool:
    folded = fold(value)
    if kind == "size" and asked.isdigit():
        # "42" is in "42", in "41/42" and in "39-43".
        bounds = [int(n) for n in re.findall(r"\d+", folded)]
        if "-" in folded and len(bounds) == 2:
            return bounds[0] <= int(asked) <= bounds[1]
        return int(asked) in bounds
    groups = COLORS if kind == "color" else SIZES
    group = next((g for g in groups if asked in g), (asked,))
    return folded in group or any(w in group for w in folded.split())


def product_summary(product: Product) -> dict[str, Any]:
    low, high = product.price_range
    summary: dict[str, Any] = {"sku": product.sku, "name": product.name, "price": str(low),
                               "in_stock": product.in_stock}
    if high != low:
        summary["price_max"] = str(high)
    return summary


def _only_in_name(topic: str, said: set[str], named: set[str]) -> bool:
    """Whether the words that ask a topic are all words of the product's own name."""
    asking = said & _TOPICS[topic][0] if topic in _TOPICS else set()
    return bool(asking) and asking <= named


def answer(question: str, product: Product) -> dict[str, Any]:
    """The `product_answer` outcome: the facts of `product` that answer `question`.

    Returns `{"kind": "product_answer", "product": {sku, name, price, …}, "facts": [{name,
    value}], "option": {name, value, available, sold_out} | absent, "missing": [topic, …],
    "status": "answered" | "unknown"}`; "unknown" when the data answers nothing asked.
    """
    said = set(words_of(question))
    named = set(words_of(product.name))  # "esse pulse tem …?": naming it asks nothing
    # ("does the fit smartwatch track heart rate?": the "fit" of its name asks no fit; "how
    # much?" asks the price with no word of the topic's own)
    topics = [t for t in topics_in(question) if not _only_in_name(t, said, named)]
    facts: list[dict[str, str]] = []
    missing: list[str] = []
    option: dict[str, Any] | None = None

    def add(found: Iterable[dict[str, str]]) -> bool:
        added = False
        for fact in found:
            if fact not in facts:
                facts.append(fact)
                added = True
        return added

    for topic in topics:
        if topic in {"color", "size"}:
            found, asked = _option_fact(product, topic, said)
            option = option or asked
            if not add(found):
                missing.append(topic)
            continue
        if topic == "price":
            low, high = product.price_range
            add([{"name": "price", "value": str(low) if low == high else f"{low}-{high}"}])
            continue
        _, keys, clue_words = _TOPICS[topic]
        found = attribute_facts(product, keys)
        found += [{"name": "description", "value": c}
                  for c in _description_facts(product, clue_words | (said & _TOPICS[topic][0]))]
        if topic == "compatibility":
            # "serve no x pro?": the models named must be in what it fits.
            found = [f for f in found if _named_in(said, f["value"])] or found
        if not add(found):
            missing.append(topic)
    # Words no topic covers ("tem gps?", "cancelamento de ruido?"): attributes and description
    # clauses that carry them.
    covered = set().union(*(_TOPICS[t][0] for t in topics if t in _TOPICS)) if topics else set()
    rest = {w for w in content_words(question) if w not in covered and w not in _ALL_COLORS
            and w not in _COLOR_ASK and w not in _SIZE_ASK and len(w) > 2 and w not in named
            and w not in RELATIVE_SIZES}  # ("qual o maior?" asks the option, answered above)
    # "is it floral?": a tag of the product says it, even where its name says it too
    tagged = [tag for tag in product.tags if set(words_of(tag)) & set(content_words(question))]
    if tagged:
        add([{"name": "tags", "value": ", ".join(tagged)}])
        rest -= {w for tag in tagged for w in words_of(tag)}
    if rest:
        extra = [{"name": key, "value": value} for key, value in product.attributes.items()
                 if rest & (set(words_of(key)) | set(words_of(value)))]
        extra += [{"name": "description", "value": c}
                  for c in _description_facts(product, stems(rest))]
        if not add(extra) and not topics:
            missing.append("other")
    outcome: dict[str, Any] = {"kind": "product_answer", "product": product_summary(product),
                               "facts": facts, "missing": missing,
                               "status": "unknown" if not facts and option is None
                               else "answered"}
    if option is not None:
        outcome["option"] = option
    return outcome


def stems(words: Iterable[str]) -> set[str]:
    """Words and their Portuguese/English singulars ("ruidos" finds "ruído")."""
    found = set()
    for word in words:
        found.add(word)
        found.update(w for synonym in SYNONYMS.get(word, ()) for w in synonym.split())
        found.update(_ENGLISH.get(word, ()))
        if len(word) > 4 and word.endswith("s"):
            found.add(word[:-1])
    return found


def _named_in(said: set[str], value: str) -> bool:
    named = {w for w in said if w not in QUESTION_FILLER and w not in _TOPICS["compatibility"][0]}
    return bool(named & set(words_of(value)))

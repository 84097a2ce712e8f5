"""Words of a message that name no item and are set aside before items are read: the verb of
what someone wears ("ele calça 41"), the reason after "because" ("pq e pra mim e minha irma"),
who a count is shared among ("2 iguais, uma pra mim e outra pro meu irmao"), who an item is
for by name ("um azul 30 pro Davi"), a change of delivery ("muda pra expressa") and a pickup
with its day ("p retirar sabado", which checkout reads)."""

from __future__ import annotations

import re

from graphs.sales.buyer_details import PICKUP
from graphs.sales.resolve.words import FILLERS, NUMBER_WORDS, Token
from tools.catalog.text import fold

# "ele calça 41", "eu calço 38", "she wears a 37": the verb for a size (not the trousers,
# "calça"), and the article before the size ("a 37" is no second item).
WEARS = frozenset("calca calco calcam calcamos usa uso veste visto wears wear takes".split())
BEFORE_SIZE = frozenset("a um uma size tamanho tam numero n no".split())
# "vou buscar ai na loja": where a pickup is, no product (the "Vale-Presente Loja Balcão").
_SHOP = frozenset("loja lojinha store shop".split())
_FOR_WORDS = frozenset("pro pra para for".split())
_WHO = frozenset("""ele ela eu vc voce que dele dela elas eles she he i we they s usually
normalmente geralmente sempre always""".split())
_BECAUSE = frozenset("pq porque pois because cuz cause".split())
# When a pickup is said for ("retiro sabado", "pick it up tomorrow morning").
_WHEN = frozenset("""hoje amanha depois logo cedo tarde noite manha sabado domingo segunda terca
quarta quinta sexta feira today tomorrow later morning afternoon evening saturday sunday monday
tuesday wednesday thursday friday""".split())


# "uma pra mim e outra pro meu irmao", "one for me and one for my sister": who the units are
# for, said after their count.
_SHARED_OUT = re.compile(
    r"\b(?:um|uma|one|1)\s+(?:pra|para|pro|for)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:e|and)\s+"
    r"(?:a |o |the )?(?:outr[oa]|another|other|one|um|uma|1)\s+(?:pra|para|pro|for)\s+[a-z]+"
    r"(?:\s+[a-z]+)?")


# "pro Davi", "pra Helena", "for Emma": who an item is for, by a name typed with its capital.
_FOR_NAMED = re.compile(r"\b(?:pro|pra|para|for)\s+(?:o\s+|a\s+)?([A-ZÀ-Ý][a-zà-ÿ]+)")


# "muda pra expressa", "troca pra retirada", "switch to pickup": a change of the delivery
# (checkout reads it), no change of a cart line.
DELIVERY_CHANGE = re.compile(
    r"\b(?:muda|mudar|mude|troca|trocar|troque|altera|alterar|change|switch)\s+"
    r"(?:(?:o|a|the)\s+)?(?:(?:frete|entrega|envio|shipping|delivery)\s+)?"
    r"(?:pra|para|pro|to)\s+(?:(?:a|o|the)\s+)?"
    r"(?:expressa|expresso|express|pac|sedex|retirada|retirar|pickup|pick up|entrega|delivery)\b")


def without_asides(folded: str, tokens: list[Token], text: str = "") -> list[Token]:
    """The tokens that may name items: without a wearing verb, what follows "because" ("um P e
    outro G pq e pra mim e minha irma": the reason, no item), who a count said before is
    shared among, who an item is for by name, and a pickup with its day."""
    worn = {j for i in range(len(tokens)) for j in _wears(tokens, i)}
    tokens = [t for i, t in enumerate(tokens) if i not in worn]
    for change in DELIVERY_CHANGE.finditer(folded):
        tokens = [t for t in tokens if not change.start() <= t.start < change.end()]
    names = {fold(m.group(1)) for m in _FOR_NAMED.finditer(text)}
    tokens = [t for i, t in enumerate(tokens) if not (
        t.text in names and i and tokens[i - 1].text in _FOR_WORDS | {"o", "a"})]
    for shared in _SHARED_OUT.finditer(folded):
        if any(t.end <= shared.start() and (t.is_number or t.text in NUMBER_WORDS)
               for t in tokens):
            tokens = [t for t in tokens if not shared.start() <= t.start < shared.end()]
    reason = next((i for i, t in enumerate(tokens) if i and t.text in _BECAUSE), None)
    return _without_pickup(folded, tokens[:reason])


def _without_pickup(folded: str, tokens: list[Token]) -> list[Token]:
    """The words without a pickup and its day ("quero o branco p retirar sabado": the white
    one; picked up on Saturday is checkout's)."""
    for match in PICKUP.finditer(folded):
        tokens = [t for t in tokens if not match.start() <= t.start < match.end()]
        tokens = [t for t in tokens if not (t.start >= match.end() and (
            t.text in _WHEN or t.text in FILLERS or t.text in _SHOP))]
    return tokens


def _wears(tokens: list[Token], index: int) -> list[int]:
    """The wearing verb at `index` and the article after it, when a size follows."""
    if not (tokens[index].text in WEARS and index > 0 and tokens[index - 1].text in _WHO):
        return []
    after = index + 1
    if after < len(tokens) and tokens[after].text in BEFORE_SIZE:
        after += 1
    return list(range(index, after)) if after < len(tokens) and tokens[after].is_number else []

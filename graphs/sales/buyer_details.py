"""The buyer's details typed in free text: a name, a CEP and its state, a street, and where
each ends ("fecha pra mim. Ana Lima, cep 04567-000, rua das flores 123 ap 4, pela expressa").
Also the words a buyer closes the order or picks it up with, which end a name too.
`checkout_flow` decides what checkout still needs from them.
"""

from __future__ import annotations

import re

from graphs.sales.checkout_menus import asks_by_quality
from tools.catalog.text import fold as fold_text
from tools.shipping.cep import normalize_cep, state_for_cep

_PARTICLES = {"da", "de", "do", "das", "dos", "e"}

# "vou retirar na loja", "retiro na loja", "I'll pick it up".
PICKUP = re.compile(r"\b(retir\w* (na|em|ai|la|aí|lá)\b( na)?( loja)?|retirada|retiro|"
                    r"(busc|peg)\w* (na loja|ai|aí|la|lá)|"
                    r"pass(o|ar|amos|aria|o eu) (ai|aí|la|lá)( na loja)?|"
                    r"pass(o|ar|amos|aria) na loja|"
                    r"(swing|stop|come|pop|drop) (by|in|over)( to| at)? (the |your )?(store|shop)|"
                    r"grab (it|them) (myself|in person)|"
                    r"(pra|p|para) (eu )?(buscar|retirar|pegar)|"
                    r"vou (buscar|retirar|pegar)|pick(ing)? (it |them )?up|pickup|"
                    r"(collect|grab|get)\w* (it |them )?(in|at|from) (the |your )?(store|shop))\b")


def read_cep(text: str | None) -> tuple[str, str] | None:
    """(cep, uf) for a CEP that exists in some state's range; None otherwise."""
    cep = normalize_cep(text or "")
    if cep is None:
        return None
    uf = state_for_cep(cep)
    return (cep, uf) if uf else None


CHECKOUT_LEAD = re.compile(r"\b(fech(a|ar|e|o|amos)|finaliz\w*|check ?out|pode mandar|"
                           r"quero pagar|close the order|place the order)\b")


# What buyers put before their name: "meu nome é", "sou a", "é pra Maria", "my name is".
_NAME_LEAD = re.compile(
    r"^(?:(?:o|a)\s+)?(?:meu\s+nome(?:\s+completo)?(?:\s+(?:[eé]|eh))?|o\s+nome\s+(?:completo\s+)?(?:[eé]|eh)|me\s+chamo|"
    r"(?:eu\s+)?sou\s+(?:o|a)|(?:eu\s+)?sou|(?:[eé]|eh)\s+(?:pra|para)\s+(?:o|a)|"
    r"(?:[eé]|eh)\s+(?:pra|para)|pra|para|(?:pode\s+ser\s+)?(?:no|em)\s+nome(?:\s+(?:de|da|do))?|"
    r"nome\s*:?(?:\s+(?:[eé]|eh)(?=\s))?|(?:my\s+)?(?:full\s+)?name\s+is|(?:my\s+)?name\s*'?\s*s|i\s*'?\s*a?m|this\s+is|"
    r"it\s*'?\s*s\s+for|it\s*'\s*s|name\s*:?|(?:ship|send|deliver|mail)\s+(?:it\s+|them\s+)?to|"
    r"(?:entrega|manda|envia)\s+(?:pra|para)(?:\s+(?:o|a))?)\s+", re.IGNORECASE)
# The start of a street address: "Rua …", "Av. …", "Alameda …", "street", …
_STREET = re.compile(
    r"\b(?:rua|r\.|r(?=\s+[^\W\d_]{3,})|av\.?|avenida|alameda|al\.|al(?=\s+[^\W\d_]{3,}\s+\d)|travessa|tv\.|estrada|rodovia|pra[cç]a|largo|"
    r"viela|servid[aã]o|quadra|qd\.?|street|st\.|avenue|road)\s", re.IGNORECASE)
_CEP_IN_TEXT = re.compile(r"(?:\bcep\s*:?\s*)?\b(\d{5})[\s.-]?(\d{3})\b", re.IGNORECASE)
# Leads that make a name out of what follows even when no name was asked for.
_NAME_SAID = re.compile(r"\b(?:meu nome|me chamo|my (?:full )?name|nome\s*:|no nome|"
                        r"em nome)\b|(?:^|[,.;?!]\s*)(?:full\s+)?(?:name|nome)\b",
                        re.IGNORECASE)
# (a delivery word that opens the piece is a lead, "ship to Daniel Kim": _NAME_LEAD)
_TRAILING = re.compile(r"[,;]?\s*\b(?:e\s+)?(?:moro|mora|resido|fica|i\s+live)\b.*$|"
                       r"(?!^)[,;]?\s*\b(?:e\s+)?(?:entreg\w*|deliver\w*|ship\w*)\b.*$",
                       re.IGNORECASE)
_LABELS = re.compile(r"\b(?:cep|endere[cç]o|address|zip(?:\s*code)?)\s*:?\s*$", re.IGNORECASE)


def strip_name_lead(text: str) -> str:
    """ "meu nome é Diego Silva" -> "Diego Silva"; other text as it was."""
    cleaned = " ".join(text.split()).strip(" .!,;")
    while (match := _NAME_LEAD.match(cleaned)) and match.end() < len(cleaned):
        cleaned = cleaned[match.end():]
    return cleaned


# A name said after its lead anywhere in the words ("quero 1. pode fechar no nome de Helena",
# "ship to 20040-002, name Sophie Turner, av …": a bare "name" only where a piece starts).
_NAME_AFTER_LEAD = re.compile(
    r"(?:\b(?:meu nome (?:completo )?(?:e|é|eh)|me chamo|my (?:full )?name is|"
    r"(?:no|em) nome(?: d[aeo])?)|(?:^|[,.;?!]\s*)(?:full\s+)?(?:name|nome)(?:\s+is|\s*:)?)"
    r"\s+([^,;.\n?!]+)", re.IGNORECASE)


def read_details(text: str) -> dict[str, str]:
    """Every checkout slot one message fills: `name`, `cep` (8 digits, valid), `uf` and
    `street` ("Maria Souza, 04567-000, Rua das Flores 123" fills all four)."""
    found: dict[str, str] = {}
    rest = " ".join(text.split())
    head_end = len(rest)
    if (match := _CEP_IN_TEXT.search(rest)) and (cep := read_cep(match.group(1)
                                                                  + match.group(2))):
        found["cep"], found["uf"] = cep
        rest = (rest[:match.start()] + " , " + rest[match.end():]).strip()
        head_end = match.start()
    tail = ""
    if (street_at := _STREET.search(rest)) is not None:
        address, tail = _address_and_tail(rest[street_at.start():])
        street = plausible_street(address.strip(" ,;-"))
        if street is not None:
            found["street"] = street
            rest = rest[:street_at.start()]
    elif "cep" in found and (after := _street_after_cep(rest[head_end:])) is not None:
        # "cep 22250-040, praia de botafogo 300 apt 901": a street named without "rua"
        found["street"], tail = after
        rest = rest[:head_end]
    elif "cep" not in found and (split := _name_then_street(rest)) is not None:
        # "Hannah Clarke, Praia de Botafogo 300 apt 1102": a name, then a street without "rua"
        rest, (found["street"], tail) = split
        head_end = len(rest)
    # The name is what comes right before the first detail ("fecha pra mim. Ana Lima, cep
    # …"): the whole of it, or its last part when that part is only a name. The other parts
    # ("pode fechar", "entrega expressa") are kept for checkout to read.
    head = rest[:head_end].strip(" ,;-/")
    parts = _parts(head) if "?" not in head else []  # a question names no one
    named = head if parts and _only_a_name(_cleaned(head)) else \
        parts[-1] if parts and _only_a_name(_cleaned(parts[-1])) else next(
            (part for part in parts if _NAME_LEAD.match(part) and _only_a_name(_cleaned(part))),
            None)  # ("checkout, it's Tom Reed, pickup at the store": said with its lead)
    if named is None and (lead := _NAME_AFTER_LEAD.search(rest)) and \
            _only_a_name(said := _name_words_first(lead.group(1))):
        # "pode fechar no nome de Helena Martins"; "meu nome e Marcos Teles o cep e …"
        named = lead.group(0)[:lead.start(1) - lead.start(0)].lstrip(" ,.;?!") + said
    if named is None and (CHECKOUT_LEAD.search(fold_text(head)) or PICKUP.search(
            fold_text(head))):
        # "alright, checkout. Ethan Moore, ill pick it up": closing words around a part
        # that is a full name, typed as one ("bolsa tote, quero fechar" names a product)
        full = [part for part in parts if len(part.split()) >= 2 and _only_a_name(_cleaned(part))
                and all(word[:1].isupper() and len(word) >= 2 for word in part.split())]
        named = full[0] if len(full) == 1 else None
    if named is None and "cep" in found:
        # "ship to 22290-140 rio, Daniel Moore, rua general severiano 97": a full name between
        # the CEP and the street (a city's name is none: "Sao Paulo", "Rio de Janeiro")
        full = [part for part in _parts(rest[head_end:]) if len(part.split()) >= 2
                and _only_a_name(_cleaned(part))
                and fold_text(part).split()[0] not in _PLACE_STARTS]
        named = full[0] if len(full) == 1 else None
    if named and (name := plausible_name(strip_name_lead(_cleaned(named)))):
        found["name"] = name
        if _NAME_SAID.search(named):
            found["name_said"] = "yes"  # "meu nome é …": a name even when not asked for
    others = [p for p in _parts(f"{rest}, {tail}".strip(" ,;-"))
              if named is None or p not in named]
    if others:
        found["other_words"] = " ".join(others)
    return found


# First words of cities and neighbourhoods typed beside a CEP, never of a person's name.
_PLACE_STARTS = frozenset("""sao santo santa rio belo bela porto campo campos vila jardim bairro
centro zona cidade nova novo alto parque boa morro praia barra ponta recreio lagoa""".split())


def _name_words_first(text: str) -> str:
    """The words a name said after its lead runs to, when a run-on message goes on with no
    comma ("Marcos Vinicius Teles o cep e …" -> "Marcos Vinicius Teles")."""
    words = text.split()
    for end, word in enumerate(words):
        folded = fold_text(word)
        if folded in _NOT_NAME or folded in {"e", "and"} or any(c.isdigit() for c in word):
            return " ".join(words[:end])
    return text.strip()


def _name_then_street(text: str) -> tuple[str, tuple[str, str]] | None:
    """A first part that is only a name and, after it, a street with its number: the name's
    words and the street, or None."""
    first, comma, after = text.partition(",")
    # (a house number has two digits or more: "Ana Lima, camiseta basica 2" is no address)
    if not comma or len(first.split()) < 2 or not _only_a_name(_cleaned(first)) or \
            not re.match(r"\s*[^\W\d_]{3,}(?:\s+[^\W\d_]+)*,?\s+\d{2,}", after):
        return None
    street = _street_after_cep(after)
    return (first, street) if street is not None else None


def _street_after_cep(text: str) -> tuple[str, str] | None:
    """What follows a CEP, when it reads as a street and its number (words, then a number),
    and the words after the address."""
    address, tail = _address_and_tail(text.strip(" ,;-"))
    address = address.strip(" ,;-")
    if not re.match(r"[^\W\d_]{3,}(?:\s+[^\W\d_]+)*,?\s+\d", address) or \
            set(re.findall(r"[a-z]+", fold_text(address))) & _NOT_ADDRESS or \
            fold_text(address).split()[0] in {"numero", "num", "nro", "number"}:
        return None
    street = plausible_street(address)
    return (street, tail) if street is not None else None


def _address_and_tail(text: str) -> tuple[str, str]:
    """A street address and what follows it that is not address ("av paulista 900 ap 12,
    pela expressa" -> the address, "pela expressa")."""
    parts = text.split(",")
    for index in range(1, len(parts)):
        if set(re.findall(r"[a-z]+", fold_text(parts[index]))) & _NOT_ADDRESS or \
                asks_by_quality(parts[index]):  # "…, a mais barata": the shipping
            return ",".join(parts[:index]), ",".join(parts[index:])
    return _run_on_cut(parts[0], ",".join(parts[1:]))


# Words after a house number that start what the buyer says next, not the address.
_CLAUSE_START = {"e", "and", "pode", "por", "pra", "para", "que", "mas", "but", "can", "could"}


def _run_on_cut(first: str, rest: str) -> tuple[str, str]:
    """A street typed with what else the buyer says and no comma ("rua vergueiro 3185 ap 52
    e pode mandar na mais rapida"): after its number, the address ends where a new clause or
    a checkout word starts."""
    words = first.split()
    numbered = False
    for index, word in enumerate(words):
        folded = fold_text(word).strip(".,;")
        if any(c.isdigit() for c in folded):
            numbered = True
        elif numbered and (folded in _NOT_ADDRESS or folded in _CLAUSE_START):
            tail = " ".join(words[index:])
            return " ".join(words[:index]), f"{tail},{rest}" if rest else tail
    return (f"{first},{rest}" if rest else first), ""


# Words that end a street address typed with the rest of the checkout ("…, pela expressa").
_NOT_ADDRESS = {"pela", "pelo", "expressa", "express", "pac", "sedex", "retirada", "retiro",
                "frete", "entrega", "pix", "cartao", "boleto", "please", "pls", "confirma",
                "confirmo", "obrigado", "obrigada", "valeu", "thanks", "shipping", "delivery",
                "option", "quero", "queria", "qro", "preciso", "want", "need", "unidades",
                "pecas", "pares", "items", "itens", "size", "tamanho", "tam", "numero", "cor",
                "color", "colour", "ele", "ela", "eu", "calca", "calco", "uso", "usa", "veste",
                "visto", "wear", "wears"}


def _parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;:!?\n]+|\.\s+|\s+[-–—/]\s+", text) if p.strip()]


def _cleaned(part: str) -> str:
    """A piece of a details message without "moro na …" tails and "cep:" labels."""
    return _LAUGHTER.sub("", _LABELS.sub("", _TRAILING.sub("", part))).strip(" ,;-")


# Words that are never part of a person's name in a message with checkout details.
_NOT_NAME = {
    "small", "medium", "large", "pequeno", "pequena", "medio", "media", "grande",
    "fecha", "fechar", "fechado", "fechou", "fecho", "pode", "mandar", "manda", "finaliza",
    "finalizar", "checkout", "please", "entrega", "expressa", "express", "retirada", "retiro",
    "retirar", "loja", "pac", "sedex", "frete", "envio", "confirma", "confirmo", "confirmar",
    "ok", "blz", "beleza", "sim", "oi", "ola", "bom", "boa", "dia", "tarde", "noite", "hi",
    "hello", "hey", "mim", "pra", "para", "pelo", "pela", "mesmo", "endereco", "cep", "rua",
    "pedido", "compra", "quero", "pagar", "pagamento", "pix", "cartao", "boleto", "vou",
    "entao", "ai", "the", "option", "delivery", "shipping", "pickup", "store", "yes", "go",
    "ahead", "ser", "isso", "obrigado", "obrigada", "valeu", "thanks", "ship", "it", "to",
    "um", "uma", "uns", "umas", "o", "os", "as", "no", "na",
    "is", "fine", "pls", "plz", "pfv", "works", "good", "great", "cool", "nvm", "yeah", "yep",
    "sure", "perfect", "perfeito", "otimo", "show", "serve", "tanto", "faz",
    "ta", "confirmado", "certo", "correto", "exato", "certinho", "ss", "sss", "simm", "siim",
    "tamanho", "tam", "size", "cor", "color", "colour", "numero", "unidade", "unidades",
    "pro", "meu", "minha", "meus", "minhas", "marido", "esposa", "filho", "filha", "ele", "ela",
    "mae", "pai", "irma", "irmao", "amigo", "amiga", "presente",
    # questions and requests are never names ("qnto fica o frete pra …", "let's check out")
    "qnto", "qto", "quanto", "quanta", "qual", "quais", "como", "onde", "quando", "what",
    "how", "much", "where", "when", "which", "lets", "let", "check", "out", "can", "could",
    "my", "your", "ask", "gotta", "lol", "kkk", "later", "depois", "tem", "tens", "vc", "vcs",
    "voce", "voces", "em", "nome", "name", "produto", "produtos", "item", "itens",
    "confirm", "confirmed", "done", "place", "order", "ready", "pay", "buy", "deal",
    # closing words ("that's all. deliver to Mark Oliveira, ...")
    "that's", "thats", "all", "deliver", "send", "tudo", "so", "only", "just",
    # pointing words ("essa msm" is no name)
    "essa", "esse", "esta", "este", "msm", "mesma", "this", "that",
    # where the buyer works or lives is not who they are ("I work near augusta")
    "i", "we", "you", "near", "at", "in", "on", "from", "here", "there", "work",
    "live", "lives", "aqui", "perto", "trabalho", "trampo", "moro", "fico",
    # counts are not names ("two of them")
    "one", "two", "three", "four", "five", "dois", "duas", "tres", "quatro", "cinco", "of",
    "them", "deles", "delas",
}


# A word of a name, apostrophes kept ("O'Connor" is not the article "o").
_NAME_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
# Laughter typed after a name ("Aparecida Souza rs"): not part of it.
_LAUGHTER = re.compile(r"\s+(?:rs|rsrs\w*|k{2,}|ha(?:ha)+|he(?:he)+|lol)\s*$", re.IGNORECASE)


def _only_a_name(text: str) -> bool:
    """Whether a piece of a message reads as a person's name and nothing else."""
    cleaned = strip_name_lead(text)
    words = set(_NAME_WORD.findall(fold_text(cleaned)))
    return bool(words) and not words & _NOT_NAME and plausible_name(cleaned) is not None


# "fecha pra mim", "pode fechar", "finaliza", "checkout please": the buyer closes the order.
def plausible_name(text: str) -> str | None:
    """A person's name as typed ("maria silva" -> "Maria Silva", "meu nome é Ana" -> "Ana"),
    or None."""
    cleaned = strip_name_lead(text)
    if not 2 <= len(cleaned) <= 80 or not re.fullmatch(r"[^\W\d_]+(?:[ '.-][^\W\d_]+)*\.?",
                                                        cleaned):
        return None
    if set(_NAME_WORD.findall(fold_text(cleaned))) & _NOT_NAME:
        return None  # "PAC is fine", "pode ser": an answer, not a name
    return " ".join(word if word.lower() in _PARTICLES and i else word[:1].upper() + word[1:]
                    for i, word in enumerate(cleaned.split()))


def plausible_street(text: str) -> str | None:
    """A street address with a number ("Rua das Flores, 123, ap 4"), or None."""
    cleaned = " ".join(text.split())
    if len(cleaned) < 5 or not re.search(r"\d", cleaned) or not re.search(r"[^\W\d_]{3}", cleaned):
        return None
    return cleaned

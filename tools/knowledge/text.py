"""Buyers' words as search sees them: folded, slang spelled out, a guess at the language."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")

# How buyers write on WhatsApp -> the words a store owner writes. Folded keys and values.
SLANG: dict[str, str] = {
    "qnto": "quanto", "qnt": "quanto", "qto": "quanto", "qnta": "quanta", "qntas": "quantas",
    "qntos": "quantos", "quato": "quanto", "vcs": "voces", "vc": "voce", "vces": "voces",
    "pra": "para", "pro": "para", "pq": "porque", "tb": "tambem", "tbm": "tambem",
    "hj": "hoje", "amnh": "amanha", "msg": "mensagem", "n": "nao", "naum": "nao",
    "zap": "whatsapp", "zapzap": "whatsapp", "wpp": "whatsapp", "whats": "whatsapp",
    "insta": "instagram", "end": "endereco", "hr": "horario", "hrs": "horario",
    "horarios": "horario", "sab": "sabado", "dom": "domingo", "seg": "segunda",
    "nf": "nota", "nfe": "nota", "grana": "dinheiro", "parcelinha": "parcela",
    "devolvo": "devolver", "devolve": "devolver", "devolvem": "devolver",
    "defeituoso": "defeito", "quebrado": "defeito", "quebrou": "defeito", "estragado": "defeito",
    "estragou": "defeito", "arrependi": "arrependimento", "desistir": "arrependimento",
    "desisti": "arrependimento", "cancelo": "cancelar", "cancela": "cancelar",
    "presencial": "fisica", "gratuito": "gratis", "gratuita": "gratis", "correio": "correios",
    "sedex": "correios", "loginha": "loja",
    "entregao": "entregam", "emtrega": "entrega", "entrga": "entrega", "frte": "frete",
    "fretee": "frete", "garantai": "garantia", "garatia": "garantia", "trca": "troca",
    "tamaho": "tamanho", "tamnho": "tamanho", "embrulo": "embrulho", "presenti": "presente",
}

# Words that carry no subject of their own: full text ignores them, and what is left after
# them and the topics' keywords is what the facts may not answer ("boleto demora pra
# compensar?": "compensar").
FILLER = set(
    "oi ola opa ei bom boa dia tarde noite tudo bem blz beleza obrigado obrigada vlw valeu "
    "por favor pf pfv qual quais quanto quanta quantos quantas como onde quando porque que "
    "voce voces vcs vc tem ter teria tenho posso pode podem da dar fica ficar sai seria "
    "saber queria quero gostaria sim nao ai la aqui isso esse essa meu minha meus minhas "
    "seu sua nosso ok hi hello hey please thanks thank what whats which how "
    "where when do does did can could would is are there any your you u ur my me the "
    "a an of to for in on it this that much many tempo vende vendem faz fazem fazer".split()
)


# Words of one family a stemmer keeps apart ("devolução" / "devolver") or that mean the same
# to a buyer ("estorno" / "reembolso"): a question's word also looks for the others.
RELATED: dict[str, tuple[str, ...]] = {
    "devolucao": ("devolver",), "devolver": ("devolucao",), "reembolso": ("estorno",),
    "estorno": ("reembolso",), "dinheiro": ("reembolso", "estorno"),
    "arrependimento": ("desistir",), "desistencia": ("arrependimento", "desistir"),
    "apagar": ("exclusao",), "apaguem": ("exclusao",), "apague": ("exclusao",),
    "excluir": ("exclusao",), "deletar": ("exclusao",), "promocao": ("ofertas",),
    "promocoes": ("ofertas",), "rastreio": ("rastreamento",), "rastrear": ("rastreamento",),
    "email": ("mail",), "compensar": ("confirmado",),
    "cai": ("aparece",), "embrulha": ("embrulho",), "embrulhar": ("embrulho",),
    "abri": ("aberta", "aberto"), "abriu": ("aberta", "aberto"), "abrir": ("aberta", "aberto"),
}

# English words of a question -> the Portuguese words of a policy, for stores whose knowledge
# is only in Portuguese (the vectors match across languages; full text needs this).
EN_TO_PT: dict[str, str] = {
    "refund": "reembolso", "refunds": "reembolso", "return": "devolucao",
    "returns": "devolucao", "exchange": "troca", "exchanges": "troca", "swap": "troca",
    "warranty": "garantia", "guarantee": "garantia", "defect": "defeito",
    "defective": "defeito", "broken": "defeito", "damaged": "danificado",
    "shipping": "frete", "delivery": "entrega", "deliver": "entrega", "ship": "envio",
    "tracking": "rastreamento", "track": "rastreamento", "pickup": "retirada",
    "payment": "pagamento", "pay": "pagamento", "installments": "parcelamento",
    "privacy": "privacidade", "data": "dados", "store": "loja", "shop": "loja",
    "hours": "horario", "address": "endereco", "invoice": "nota", "cancel": "cancelar",
    "gift": "presente", "wrap": "embrulho", "wholesale": "atacado", "original": "original",
    "size": "tamanho", "sizes": "tamanho", "cnpj": "cnpj", "company": "empresa",
    "perishable": "perecivel", "international": "exterior", "abroad": "fora",
    "credit": "credito", "card": "cartao", "cards": "cartao", "debit": "debito",
    "pix": "pix", "boleto": "boleto", "expire": "validade",
    "grind": "moagem", "ground": "moido", "beans": "grao", "subscription": "assinatura",
    "withdraw": "arrependimento",
}

# Words that say a message is English (no Portuguese word is spelled like them).
_ENGLISH = frozenset(
    "the what how can could do does you your yours is are there any which when where why "
    "i my me we our will would should have has with for from about and or if it this that "
    "ship shipping deliver delivery return refund warranty pay payment accept open hours "
    "much many long take get need want please hi hello thanks store shop whats u ur pls "
    "thx".split()
)
_PORTUGUESE = frozenset(
    "o a os as um uma de do da dos das que e em no na nos nas para pra pro com por se nao "
    "vcs vc voce voces qual quais quanto qnto como onde quando tem ter eh esta tá ta "
    "frete entrega troca garantia parcela loja aceita posso pode oi ola obrigado bom dia "
    "tarde noite meu minha".split()
)


def fold(text: str) -> str:
    """Lower case without accents: "Devolução" -> "devolucao"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text, in order (letters and digits)."""
    return _WORD.findall(fold(text))


def search_terms(text: str, lang: str) -> list[tuple[str, str]]:
    """A question's words for full text, as tsquery text, each with the language it matches.

    Folded; Portuguese slang spelled out; fillers ("qual", "vcs", "what") and numbers dropped.
    A word and its related words (`RELATED`) are one term ("devolucao:* | devolver:*"),
    matched as stem prefixes when 4 letters or longer. A Portuguese word matches passages of
    either language ("any"); an English word matches English passages, and its Portuguese
    counterpart (`EN_TO_PT`) Portuguese ones, for stores whose knowledge is only Portuguese.

    Args:
        text: The buyer's message.
        lang: The message's language ("pt" or "en").

    Returns:
        Distinct (tsquery text, "any" | "pt" | "en") pairs in order.
    """
    terms: list[tuple[str, str]] = []
    for word in words(text):
        if lang != "en":
            word = SLANG.get(word, word)
        if word.isdigit() or word in FILLER or len(word) < 3:
            continue
        if lang != "en":
            terms.append((_alternatives(word), "any"))
            continue
        terms.append((_alternatives(word), "en"))
        if word in EN_TO_PT:
            terms.append((_alternatives(EN_TO_PT[word]), "pt"))
    return list(dict.fromkeys(terms))


def _alternatives(word: str) -> str:
    group = (word, *RELATED.get(word, ()))
    return " | ".join(w + (":*" if len(w) >= 4 else "") for w in group)


def detect_language(text: str) -> str:
    """"en" when the message reads as English, else "pt" (the store's default).

    A small guess for callers without the NLU's language (the CLI, the eval): more English
    marker words than Portuguese ones.
    """
    tokens = words(text)
    english = sum(1 for t in tokens if t in _ENGLISH)
    portuguese = sum(1 for t in tokens if t in _PORTUGUESE)
    return "en" if english > portuguese else "pt"


def question_key(text: str) -> str:
    """The form under which repeats of a question are counted: folded words, one space."""
    return " ".join(words(text))[:300]

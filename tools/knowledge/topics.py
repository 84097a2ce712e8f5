"""Which computed facts a question asks for, and the place it names (CEP, state or city).

A small keyword reader for callers without the graph's NLU (the CLI, the eval); the graph may
pass its own topics and CEP instead. Keywords are matched on folded words, slang spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.knowledge.text import FILLER, SLANG, fold, words

SHIPPING, FREE_SHIPPING, PAYMENT, INSTALLMENTS, PIX = (
    "shipping", "free_shipping", "payment", "installments", "pix")
PICKUP, HOURS, TEAM = "pickup", "hours", "team"
TOPICS = (SHIPPING, FREE_SHIPPING, PAYMENT, INSTALLMENTS, PIX, PICKUP, HOURS, TEAM)

# Single words (folded), per topic.
_WORDS: dict[str, set[str]] = {
    SHIPPING: {"frete", "fretes", "entrega", "entregam", "entregar", "entregas", "envio",
               "enviam", "envia", "correios", "pac", "shipping", "delivery", "deliver", "ship",
               "ships", "postage", "expressa", "motoboy"},
    FREE_SHIPPING: {"gratis", "free", "gratuito", "gratuita"},
    PAYMENT: {"pagamento", "pagar", "pago", "pagamentos", "boleto", "cartao", "credito",
              "debito", "pay", "payment", "payments", "card", "cards"},
    INSTALLMENTS: {"parcela", "parcelas", "parcelar", "parcelado", "parcelada", "parcelam",
                   "parcelo", "parcelamento", "juros", "vezes", "installment",
                   "installments", "instalment", "instalments", "interest"},
    PIX: {"pix"},
    PICKUP: {"retirar", "retirada", "retiro", "buscar", "busco", "pickup", "collect"},
    HOURS: {"horario", "abre", "abrem", "fecha", "fecham", "funciona", "funcionamento",
            "aberto", "aberta", "abertos", "sabado", "domingo", "feriado", "hours", "open",
            "opens", "close", "closes", "closed", "saturday", "sunday"},
    TEAM: {"atendente", "atendimento", "humano", "pessoa", "person", "human", "agent"},
}
# Phrases (folded, words joined by one space).
_PHRASES: dict[str, tuple[str, ...]] = {
    SHIPPING: ("mandam para", "manda para"),
    FREE_SHIPPING: ("frete gratis", "free shipping", "falta quanto"),
    PICKUP: ("loja fisica", "pegar na loja", "passar na loja", "pick up", "onde fica",
             "where is the shop", "where is the store", "where are you", "endereco da loja",
             "address", "em maos", "passar ai", "passo ai", "passar la", "fica pronto",
             "fica pronta", "ficar pronto", "estar pronto", "ready for pickup", "ready to collect",
             "ready to pick up", "be ready", "pick it up", "pick them up", "collect it",
             "collect them"),
    HOURS: ("que horas", "what time", "ate que horas"),
    INSTALLMENTS: ("sem juros", "x sem", "em quantas", "how many instalments",
                   "how many installments", "split the payment"),
}
# Shipping only when nothing in the question is about a policy: "quanto tempo pra chegar?"
# is shipping, "quanto tempo pra devolver?" is not.
_WEAK_SHIPPING = {"chega", "chegar", "chegam", "demora", "demoram", "arrive", "arrives"}
_WEAK_PHRASES = ("quanto tempo", "how long", "qual o prazo", "how many days", "quantos dias",
                 "qtos dias", "qnts dias", "business days")
# Words of a question about a policy: its passage answers, with at most a place's facts.
POLICY_WORDS = {
    "troca", "trocar", "trocam", "trocas", "devolver", "devolucao", "devolucoes", "garantia",
    "defeito", "estorno", "estornar", "reembolso", "arrependimento", "cancelar",
    "cancelamento", "refund", "refunds", "return", "returns", "exchange", "exchanges",
    "warranty", "defect", "defective", "cancel", "rastreio", "rastreamento", "rastrear",
    "tracking", "track", "privacidade", "dados", "lgpd", "privacy", "data", "nota", "invoice",
    "danificado", "damaged", "broken", "exterior", "abroad", "internacional", "international",
    "fora", "outside", "cupom", "coupon", "atacado", "wholesale", "embrulho", "presente",
    "gift", "vale", "cnpj", "razao", "sair", "original", "originais",
}
# With a policy word, only these facts stay (a place's shipping stays too).
_WITH_POLICY = {"pickup", "hours", "team"}
_CEP = re.compile(r"(?<!\d)(\d{5})[-. ]?(\d{3})(?!\d)")

_UF = {"ac", "al", "ap", "am", "ba", "ce", "df", "es", "go", "ma", "mt", "ms", "mg", "pa",
       "pb", "pr", "pe", "pi", "rj", "rn", "rs", "ro", "rr", "sc", "sp", "se", "to"}
# Two-letter states that are also common words: only in capitals ("ES", "TO", "MA").
_UF_AMBIGUOUS = {"es", "to", "ma", "pa", "se", "am", "al", "pi", "ce", "ap", "ac", "go", "pe",
                 "rs", "ms", "pr"}
PLACES: dict[str, str] = {
    "acre": "AC", "alagoas": "AL", "amapa": "AP", "amazonas": "AM", "bahia": "BA",
    "ceara": "CE", "distrito federal": "DF", "espirito santo": "ES", "goias": "GO",
    "maranhao": "MA", "mato grosso do sul": "MS", "mato grosso": "MT", "minas gerais": "MG",
    "minas": "MG", "paraiba": "PB", "parana": "PR", "pernambuco": "PE", "piaui": "PI",
    "rio de janeiro": "RJ", "rio grande do norte": "RN", "rio grande do sul": "RS",
    "rondonia": "RO", "roraima": "RR", "santa catarina": "SC", "sao paulo": "SP",
    "sergipe": "SE", "tocantins": "TO", "rio branco": "AC", "maceio": "AL", "macapa": "AP",
    "manaus": "AM", "salvador": "BA", "fortaleza": "CE", "brasilia": "DF", "vitoria": "ES",
    "goiania": "GO", "sao luis": "MA", "cuiaba": "MT", "campo grande": "MS",
    "belo horizonte": "MG", "bh": "MG", "belem": "PA", "joao pessoa": "PB", "curitiba": "PR",
    "recife": "PE", "teresina": "PI", "niteroi": "RJ", "porto alegre": "RS",
    "porto velho": "RO", "florianopolis": "SC", "floripa": "SC", "aracaju": "SE",
    "palmas": "TO", "campinas": "SP", "santos": "SP", "guarulhos": "SP", "osasco": "SP",
    "londrina": "PR", "joinville": "SC", "uberlandia": "MG", "juiz de fora": "MG",
    "ribeirao preto": "SP", "sorocaba": "SP", "feira de santana": "BA", "caxias do sul": "RS",
}


@dataclass(frozen=True)
class Reading:
    """What a question asks about: fact topics, and a CEP or a state when it names one."""

    topics: set[str] = field(default_factory=set)
    cep: str | None = None
    state: str | None = None
    policy: bool = False
    """Whether the question is (also) about a policy: its passage should answer."""
    residual: bool = False
    """Whether words remain besides fillers and the topics' keywords (a passage may help)."""


def read(question: str) -> Reading:
    """The topics and place of a question (see the module docstring)."""
    tokens = [SLANG.get(w, w) for w in words(question)]
    text = " " + " ".join(tokens) + " "
    topics = {t for t, keys in _WORDS.items() if keys & set(tokens)}
    topics |= {t for t, phrases in _PHRASES.items() if any(f" {p} " in text for p in phrases)}
    policy = bool(POLICY_WORDS & set(tokens))
    if not policy and (_WEAK_SHIPPING & set(tokens) or any(p in text for p in _WEAK_PHRASES)):
        topics.add(SHIPPING)
    cep_match = _CEP.search(question)
    cep = cep_match.group(1) + cep_match.group(2) if cep_match else None
    state = None if cep else _state(question, text)
    if policy:
        topics &= _WITH_POLICY
    if cep or (state and SHIPPING in topics):
        topics.add(SHIPPING)
    if SHIPPING not in topics:
        state = None
    if PIX in topics:
        topics.add(PAYMENT)
    return Reading(topics, cep, state, policy, _residual(tokens))


def _residual(tokens: list[str]) -> bool:
    keywords = set().union(*_WORDS.values(), _WEAK_SHIPPING, PLACES)
    phrase_words = {w for phrases in _PHRASES.values() for p in phrases for w in p.split()}
    return any(
        len(w) >= 4 and not w.isdigit() and w not in FILLER and w not in keywords
        and w not in phrase_words and w not in ("loja", "lojas")
        for w in tokens
    )


def _state(question: str, folded: str) -> str | None:
    for name in sorted(PLACES, key=len, reverse=True):
        if f" {name} " in folded:
            return PLACES[name]
    for token in re.findall(r"\b[A-Za-z]{2}\b", question):
        key = fold(token)
        if key in _UF and (token.isupper() or key not in _UF_AMBIGUOUS):
            return key.upper()
    return None

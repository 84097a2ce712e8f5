"""Which language a buyer wrote in (pt or en), to pick the reply language.

Function words and WhatsApp abbreviations decide most messages; a character n-gram model
trained on the labelled utterances (see train.py) settles the rest. Messages that carry no
evidence ("ok", "2", "👍") fall back to the conversation's language, then Portuguese.
"""

from __future__ import annotations

from collections.abc import Callable

from graphs.sales.nlu.normalize import words
from tools.catalog.glossary import GLOSSARY

_PORTUGUESE = frozenset("""
o os as um uma uns umas de do da dos das em na nas nos num numa pra pro para por pelo pela
com sem que e eu vc vcs voce voces ce meu minha meus minhas seu sua tem ter tenho quero queria
nao sim oi ola tchau obrigado obrigada obg brigado valeu vlw bom boa dia tarde noite tudo td bem
blz beleza qual quais quanto quanta qto qnto quando onde cade como esse essa esses essas isso
aqui ai ta to tao estou esta pode posso fazer faz cancelar trocar comprar preco reais tamanho
cor pedido frete entrega carrinho pfv pf mais muito mto mt ja ainda so tambem tb pq porque
kkk kkkk rs rsrs agora hoje amanha ate ele ela eles elas gente pessoal moca moco sao ser foi
vou vai vamos quer desse dessa deste isso nada coisa coisas mesmo entao nem tipo la certo
ok tchauzinho falou flw bjs abs salve opa eai iae fala fechado bora claro pago paguei chegou
veio quebrado pessimo troca devolver reembolso atendente humano robo caro barato
ve manda mande coloca coloque bota poe queria preta preto branca branco vermelha vermelho
amarela amarelo cinza roxa roxo marrom camiseta camisa calca tenis sapato bolsa vestido meia
meias chinelo oculos presente mae pai irma irmao namorado namorada esposa marido amiga amigo
finaliza finalizar fecha fechar confirma confirmar passou
""".split())
# ("show" is Portuguese slang for "great!" as much as English: "show, finaliza".)
_ENGLISH = frozenset("""
the i im i'm you your you're u ur my mine is are was were be been do does did don't dont
can could would will should want need have has had to of for with it its this that these those
what what's whats where when how which who why please pls plz thanks thank thx ty hi hello hey
bye goodbye yes yeah yep yup nope not nothing order shipping ship cart size color colour price
much many get buy ok and or an in on at from there any some one like just only know tell
send add remove take still yet already pay card refund return exchange cancel track deliver
delivery free store item items money back help talk speak person agent human someone
anyone available stock arrive arrived broken cheaper expensive sure thing okay got name full
street zip code city address phone number lol lmao lmfao rofl haha
""".split())
# English names of products ("chef knife", "hoodie", "shoes"): English, unless a Portuguese
# catalog spells the word the same ("polo", "jeans", "legging", "kit").
_ENGLISH_PRODUCT_WORDS = frozenset(
    form for word, portuguese in GLOSSARY.items() if word not in portuguese
    for form in (word, word + "s")) - _PORTUGUESE
_PORTUGUESE_MARKS = ("ç", "ã", "õ", "á", "é", "í", "ó", "ú", "â", "ê", "ô")
_STRONG_EVIDENCE = 2
_MODEL_CONFIDENCE = 0.62
_MODEL_MIN_LETTERS = 3

LanguageModel = Callable[[str], float]
"""Returns the probability that a message is English."""


def detect_language(
    text: str, *, fallback: str = "pt", english_probability: LanguageModel | None = None,
    settled: bool = False,
) -> str:
    """Guess whether a message is Portuguese or English.

    Args:
        text: The message as typed.
        fallback: The answer when the message carries no evidence (the conversation's
            language, else "pt").
        english_probability: Optional character n-gram model for messages the word lists
            cannot settle.
        settled: Whether `fallback` is the language the conversation already has; then only
            words decide a change, not the n-gram model.

    Returns:
        "pt" or "en".
    """
    tokens = words(text)
    score = sum(token in _PORTUGUESE for token in tokens)
    score -= sum(token in _ENGLISH or token in _ENGLISH_PRODUCT_WORDS for token in tokens)
    # Portuguese "no" ("no carrinho") always has a noun after it; a "no" at either end is English.
    score -= sum(1 for position in {0, len(tokens) - 1}
                 if tokens and tokens[position] == "no")
    if not settled and any(mark in text.lower() for mark in _PORTUGUESE_MARKS):
        # Accents are strong evidence, except in a conversation that already has a language:
        # there they are as likely a name or a street ("João", "Rua São Bento").
        score += _STRONG_EVIDENCE
    if abs(score) >= _STRONG_EVIDENCE or (score and len(tokens) <= 2):
        return "pt" if score > 0 else "en"
    letters = sum(char.isalpha() for char in text)
    if settled:
        # A conversation that has a language keeps it unless the words clearly change it
        # (above): a Brazilian name or street ("João", "Rua São Bento"), a product name or
        # "PAC" in an English conversation is no change.
        return fallback
    if english_probability is not None and letters >= _MODEL_MIN_LETTERS:
        probability = english_probability(text)
        if probability >= _MODEL_CONFIDENCE:
            return "en"
        if probability <= 1 - _MODEL_CONFIDENCE:
            return "pt"
    if score:
        return "pt" if score > 0 else "en"
    return fallback

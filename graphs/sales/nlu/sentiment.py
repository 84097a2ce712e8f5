"""The buyer's mood in one message: negative, neutral or positive.

A small lexicon scorer, tuned for what a sales bot must not miss: complaints and frustration
("cade meu pedido??? ja faz 10 dias", "pessimo", "😡", shouting in capitals). A negator in
the two words before a word flips it ("nao gostei", "not happy"). The intent adds a prior:
a complaint is negative unless the buyer says otherwise, gratitude is positive.
"""

from __future__ import annotations

import re

from graphs.sales.nlu.normalize import fold, squeeze

_NEGATIVE_WORDS = frozenset("""
pessimo pessima horrivel horriveis absurdo absurda ridiculo ridicula lixo vergonha descaso
palhacada raiva odio odeio decepcionado decepcionada decepcionante decepcao insatisfeito
insatisfeita indignado indignada irritado irritada chateado chateada triste puto puta pqp aff
affs afe merda porcaria bosta droga enganaram enganado enganada golpe fraude roubo ladrao
ladroes mentira mentiram mentiroso quebrado quebrada quebrou defeito defeituoso estragado
estragada rasgado rasgada manchado manchada furado atrasado atrasada atraso demorando
ninguem desrespeito procon reclamacao reclamar problema problemas pior ruim fraco fraca cansei
cansado cansada desisto inaceitavel inadmissivel sacanagem brincadeira
grosseiro grosseira grosso lento lenta enrolacao enrolando errado errada erro
terrible awful horrible worst bad poor disappointed disappointing unacceptable ridiculous
angry upset furious annoyed frustrated frustrating scam fraud lied liar broken damaged
defective late delayed nobody useless waste joke hate sucks crap wtf ffs rude slow missing
wrong complaint ugh annoying pathetic disgusting
""".split())
_POSITIVE_WORDS = frozenset("""
obrigado obrigada obg obgd brigado brigada brigadao valeu vlw otimo otima perfeito perfeita
amei adorei maravilhoso maravilhosa lindo linda lindos lindas top show excelente incrivel
massa parabens gostei feliz satisfeito satisfeita legal bacana sensacional amo agradeco
agradecido agradecida gratidao grato grata maravilha perfeitos rapido rapida eficiente
great awesome amazing perfect thanks thank thx excellent wonderful happy nice cool love
loved lovely beautiful fantastic appreciate appreciated helpful glad
""".split())
_NEGATORS = frozenset("nao nem jamais sem not no never dont don't isnt wasnt didnt n nada".split())
# Politeness, not mood, when it closes a refusal ("nao, obrigado"); never negated.
_GRATITUDE = frozenset("obrigado obrigada obg obgd brigado brigada valeu vlw thanks thank thx "
                       "agradeco".split())
_NEGATIVE_PHRASES = re.compile(
    r"\b(nao (chegou|funciona|recebi|veio|responde|resolve)|e nada|nada ainda|ate agora nada|"
    r"(ja )?faz (\d+|um|uma|dois|duas|tres|quase) (dias?|semanas?|mes|meses)|"
    r"ha (\d+|dois|duas|tres) (dias|semanas)|era pra ter chegado|falta de respeito|"
    r"reclame aqui|nunca mais|de novo isso|de novo esse|ta de brincadeira|not working|"
    r"still waiting|never arrived|no one|been (\d+|a|two|three) (days?|weeks?)|"
    r"should have arrived|what the hell)\b"
)
_NEGATIVE_EMOJI = "😡😠🤬😤😞😢😭👎💩🙄😒😩😫☹🙁😔😣😖"
_POSITIVE_EMOJI = "😊😍❤🥰😁😀😃😄🙏👍👏🎉✨💖💕😘🤩☺🙂😉💙💜🧡💛💚"
_INTENT_PRIOR = {"complaint": -1.5, "thanks": 1.0}
_THRESHOLD = 1.0


def sentiment_score(text: str, intent: str | None = None) -> float:
    """A signed mood score: below -1 is negative, above +1 positive."""
    folded = squeeze(fold(text))
    tokens = re.findall(r"[a-z']+|\d+", folded)
    score = _INTENT_PRIOR.get(intent or "", 0.0)
    for index, token in enumerate(tokens):
        polarity = 1.0 if token in _POSITIVE_WORDS else -1.0 if token in _NEGATIVE_WORDS else 0.0
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in _GRATITUDE:
            score += 0.0 if intent == "deny" else 1.0
            continue
        if token == "show" and following not in ("", "de", "demais"):
            continue  # "show me the cart" is a verb; "show, obrigado" is praise
        if not polarity:
            continue
        if any(word in _NEGATORS for word in tokens[max(0, index - 2) : index]):
            # "nao gostei" is negative; "nao foi ruim" is only not negative.
            polarity = -1.0 if polarity > 0 else 0.0
        score += polarity
    score -= 1.5 * len(_NEGATIVE_PHRASES.findall(folded))
    score += sum(text.count(emoji) for emoji in _POSITIVE_EMOJI)
    score -= 1.5 * sum(text.count(emoji) for emoji in _NEGATIVE_EMOJI)
    shouting = len(re.findall(r"[A-ZÀ-Ú]{4,}", re.sub(r"\S+@\S+", "", text)))
    letters = re.findall(r"[^\W\d_]", text)
    if letters and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
        shouting = 0  # typed with caps lock on ("ISSO MESMO. MEU NOME E ..."): no emphasis
    emphasis = len(re.findall(r"[!?]{2,}", text)) + len(re.findall(r"[!?]{3,}", text)) + shouting
    if score < 0:
        score -= 0.5 * emphasis
    elif score > 0 and "!" in text:
        score += 0.25
    elif emphasis >= 2:
        score -= 1.0  # "CADE MEU PEDIDO???" with no mood word is still frustration
    return score


def detect_sentiment(text: str, intent: str | None = None) -> str:
    """Classify the buyer's mood.

    Args:
        text: The message as typed.
        intent: The message's intent, used as a prior (complaints lean negative).

    Returns:
        "negative", "neutral" or "positive".
    """
    score = sentiment_score(text, intent)
    if score <= -_THRESHOLD:
        return "negative"
    if score >= _THRESHOLD:
        return "positive"
    return "neutral"

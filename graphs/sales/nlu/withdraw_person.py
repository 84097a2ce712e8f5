"""Whether a buyer who asked for a person takes it back: "ah deixa, vc msm resolve",
"esquece o atendente", "nao precisa mais, ja achei", "nvm, I'll just do it with you".

Read only while a request for a person is waiting (the worker, api/worker/withdrawal.py, and
the turn that carries it, graphs/sales/withdrawal.py). A message withdraws when one of its
clauses does and none still wants the person ("deixa eu falar com alguem", "nao, quero o
atendente", "vc nao resolve nada"); ordinary messages while waiting ("oi?", "alguem ai?",
"to esperando") do neither. `read_withdrawal` also says what else the message asks, with the
withdrawal's words taken out, so they are never read as a product, a "no" or a complaint.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WHO = (r"(?:o |a |um |uma |os |as |the |a |an )?(?:atendent\w*|atendiment\w*|pessoa\w*|"
        r"human\w*|algu[eé]m|algm|ninguem|vendedor\w*|gerente|moc[ao]|operador\w*|person|"
        r"people|human|agent\w*|someone|somebody|rep|representative|operator|staff)")
_YOU = r"(?:vc|voce|vce|vcs|tu|ce|oce|you|u)"
_SELF = r"(?:msm|mesmo|mesma|mermo|memo|msma)"
_NOT = r"(?:nao|n|nn|naum|nem|ñ)"

# Withdrawals wherever they stand in a clause: the person named, or the bot asked to go on.
_ANYWHERE = re.compile("|".join([
    rf"\b(?:esquece|esqueca|esqce|eskece|esquesse|dispensa|cancela|cancelar)\s+{_WHO}\b",
    rf"\b{_NOT}\s+(?:precisa|preciso|precisamos|quero|qro|kero)\s+(?:mais\s+)?"
    rf"(?:de\s+|do\s+|da\s+|chamar\s+|falar\s+com\s+|esperar\s+(?:o\s+|a\s+|pel[oa]\s+)?)?"
    rf"{_WHO}(?:\s+mais)?\b",
    rf"\bsem\s+{_WHO}\b",
    r"\b(?:deixa|deixe|dexa)\s+(?:o\s+|a\s+)?(?:atendent\w*|atendiment\w*|pessoa)\b"
    r"(?:\s+(?:pra|pa|p)\s*la|\s+quieto)?",
    rf"\b(?:deixa|deixe|dexa)\s+(?:(?:que\s+|q\s+)?{_YOU}|(?:que|q)\s+eu)\s+(?:{_SELF}\s+)?\w+"
    rf"(?:\s+{_SELF})?",
    rf"\b{_YOU}\s+(?:{_SELF}\s+)?(?:resolve|resolva|me\s+ajuda|ajuda|me\s+atende|atende|"
    r"consegue|da\s+conta|serve|pode\s+(?:me\s+)?(?:ajudar|resolver|seguir|continuar))"
    rf"(?:\s+{_SELF})?\b",
    rf"\b(?:resolve|segue|continua|continue|siga)\s+{_YOU}(?:\s+{_SELF})?\b",
    rf"\bpode\s+(?:seguir|continuar|ir)(?:\s+(?:com\s+)?{_YOU}|\s+comigo|\s+mesmo)?\b",
    rf"\b(?:sigo|continuo|vou\s+(?:seguir|continuar|comprar|fazer|resolver|ver)|"
    rf"resolvo|compro|fico)\s+(?:aqui\s+)?(?:com\s+{_YOU}|contigo|por\s+aqui|aqui\s+msm|"
    rf"aqui\s+mesmo)\b",
    r"\b(?:eu\s+)?(?:mesmo|msm|mesma)\s+(?:vejo|resolvo|procuro|escolho)\b",
    rf"\b(?:eu\s+)?me\s+viro(?:\s+(?:com\s+{_YOU}|aqui|sozinh[oa]|por\s+aqui))?\b",
    # English
    rf"\b(?:forget|cancel|skip|drop)\s+(?:about\s+)?(?:the\s+|that\s+|my\s+)?"
    rf"(?:{_WHO}|request)\b",
    rf"\b(?:no\s+need\s+(?:for|of)|(?:don'?t|do\s+not|dont)\s+(?:need|want)"
    rf"(?:\s+to\s+(?:talk|speak|chat)\s+(?:to|with))?)\s+{_WHO}(?:\s+anymore)?\b",
    rf"\b(?:i'?ll|i\s+will|ill|let'?s|lets|i\s+can)\s+(?:just\s+)?(?:do|go\s+on|continue|"
    r"keep\s+going|stick|carry\s+on|figure|sort|finish|shop|buy|stay)"
    rf"(?:\s+(?:it|this|that|on|out|shopping))*\s+(?:with\s+{_YOU}|here)\b",
    rf"\b{_YOU}\s+(?:can|could)\s+(?:just\s+)?(?:help(?:\s+me)?|do\s+it|handle\s+it|"
    r"sort\s+it)\b",
    r"\b(?:you'?re|ur|you\s+are)\s+(?:fine|good|enough)\b",
]))
# Withdrawals only when they are the whole clause: alone, "deixa" or "esquece" takes back
# the request; with more after them ("deixa eu ver", "esquece o tamanho") they do not.
_ALONE = re.compile(r"(?:"
                    r"(?:deixa|deixe|dexa|dxa)(?:\s+(?:pra|pa|p|para)\s*la|\s+quieto|\s+isso|"
                    r"\s+entao|\s+assim|\s+pra\s+depois)?|"
                    r"(?:esquece|esqueca|esqce|eskece|esquesse)(?:\s+isso|\s+entao|\s+tudo)?|"
                    rf"{_NOT}\s+(?:precisa|preciso)(?:\s+mais)?(?:\s+{_NOT})?|"
                    r"(?:ja\s+)?(?:achei|resolvi|consegui|encontrei|vi\s+aqui)(?:\s+aqui)?|"
                    r"nvm|nevermind|never\s*mind|forget\s+it|forget\s+that|no\s+need|"
                    r"not\s+needed|scratch\s+that|all\s+good|i\s+found\s+it|found\s+it|"
                    r"(?:i\s+)?(?:already\s+)?(?:found|got|sorted)\s+it(?:\s+already)?"
                    r")")
# Still wanting the person: "deixa eu falar com alguem", "quero o atendente", "vc nao
# resolve nada", "I still want a human", "let me talk to someone".
_WANTS_PERSON = re.compile("|".join([
    r"\b(?:deixa|deixe|me\s+deixa)\s+eu\s+(?:falar|conversar)\b",
    rf"\b(?:quero|qro|kero|queria|preciso|prefiro|exijo|chama|chame|passa|passe)\s+"
    rf"(?:(?:falar|conversar)\s+com\s+|(?:pra|para|pro)\s+)?{_WHO}\b",
    rf"\b{_YOU}\s+{_NOT}\s+(?:resolve|ajuda|entende|sabe|serve|consegue)\b",
    rf"\b(?:want|need|wanna|would\s+like|prefer)\s+(?:to\s+(?:talk|speak|chat)\s+"
    rf"(?:to|with)\s+)?{_WHO}\b",
    r"\blet\s+me\s+(?:talk|speak|chat)\b",
    rf"\b{_YOU}\s+(?:can'?t|cannot|cant|don'?t|dont)\s+(?:help|understand|solve|get\s+it)\b",
    r"\b(?:inutil|useless|ridiculo|absurdo)\b",
]))
# Words with no ask of their own around a withdrawal: "ah", "ok", "blz", "tudo bem", "kkk".
_FILLER = re.compile(r"^(?:\s|\b(?:ah+|a|aa+|ai|ahn|oh+|ok+|okay|ta|tah|blz|beleza|entao|"
                     r"pode|so|opa|hm+|ei|eh|e|moco|moca|mano|cara|gente|enfim|tudo\s+bem|"
                     r"td\s+bem|tranquilo|relaxa|ops|oops|sorry|desculpa|foi\s+mal|obg|"
                     r"obrigad[oa]|vlw|valeu|well|actually|just|then|pls|please|plz|"
                     r"por\s+favor|pfv|pf|kk+|rs+|ha(?:ha)+|lol|hey|yeah|yes|sim|ja|mais|"
                     r"and|but|mas|pq|porque|because|thanks|thx|sure|fine|so|cool|"
                     r"ne|neh|tbm|tb|too|also|aqui|msm|mesmo|mesma|i|eu)\b|[^\w])*$")
_CLAUSE = re.compile(r"[^.!?;,\n]+")


@dataclass(frozen=True)
class Withdrawal:
    """A message that takes back the request for a person."""

    rest: str
    """What else it says, as typed, without the withdrawal ("" when that is all it says)."""


def withdraws_person(text: str) -> bool:
    """Whether the message takes back a request for a person."""
    return read_withdrawal(text) is not None


def read_withdrawal(text: str) -> Withdrawal | None:
    """The withdrawal the message makes, with what else it says; None when it makes none
    (or still wants the person)."""
    key, starts, ends = _keyed(text)
    cuts: list[tuple[int, int]] = []
    for clause in _CLAUSE.finditer(key):
        words = clause.group()
        if _WANTS_PERSON.search(words) and not _ANYWHERE.search(words):
            return None
        spans = [m.span() for m in _ANYWHERE.finditer(words)]
        if not spans and _ALONE.fullmatch(_without_fillers(words)):
            spans = [(0, len(words))]
        if not spans:
            continue
        left = _removed(words, spans)
        if _FILLER.fullmatch(left):
            spans = [(0, len(words))]  # nothing else asked in this clause: all of it goes
        cuts += [(clause.start() + a, clause.start() + b) for a, b in spans]
    if not cuts:
        return None
    # ("ta, deixa q vc resolve": the "ta" went with it)
    cuts += [m.span() for m in _CLAUSE.finditer(key) if _FILLER.fullmatch(m.group())]
    return Withdrawal(rest=_rest(text, [(starts[a], ends[b - 1]) for a, b in cuts]))


def _keyed(text: str) -> tuple[str, list[int], list[int]]:
    """The text folded for matching (lower case, no accents, a letter typed three times or
    more once: "deixaaa", while "pessoa" keeps its two), and for each of its characters
    where it starts and ends in the text."""
    folded = "".join(unicodedata.normalize("NFKD", char)[:1].lower()[:1] or char
                     for char in text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for run in re.finditer(r"(.)\1*", folded, re.DOTALL):
        if len(run.group()) >= 3 and run.group(1).isalpha():
            chars.append(run.group(1))
            starts.append(run.start())
            ends.append(run.end())
        else:
            chars.append(run.group())
            starts += range(run.start(), run.end())
            ends += range(run.start() + 1, run.end() + 1)
    return "".join(chars), starts, ends


def _without_fillers(words: str) -> str:
    """The clause with the filler words at its ends taken off ("ah deixa" → "deixa")."""
    tokens = re.findall(r"[\w']+", words)
    while tokens and _FILLER.fullmatch(tokens[0]):
        tokens.pop(0)
    while tokens and _FILLER.fullmatch(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _removed(words: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        words = words[:start] + " " + words[end:]
    return words


def _rest(text: str, cuts: list[tuple[int, int]]) -> str:
    """The text without the cut spans, its loose punctuation and connectors tidied."""
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + " " + text[end:]
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"\s+([,.;!?])", r"\1", re.sub(r"[ \t]+", " ", line))
        line = re.sub(r"([,.;!?])(?:\s*[,.;])+", r"\1", line)
        line = re.sub(r"^[\s,.;!?]*(?:(?:e|and|mas|but|entao|then|so)\b[\s,]*)?", "", line)
        if re.search(r"\w", line):
            lines.append(line.strip())
    return "\n".join(lines)

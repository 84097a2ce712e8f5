"""The words of a buyer's message as the resolver reads them: folded tokens and word classes.

A token is a folded word or number with its offsets ("coloca 2 pretas" -> coloca, 2, pretas).
Classes say what a word can be besides a product word: a filler ("o", "quero", "tb"), a cue
to buy ("coloca", "vou no", "I'll take"), a question, a negation, a colour or a size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphs.sales.nlu.normalize import fold, squeeze

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+")


@dataclass(frozen=True)
class Token:
    """One folded word or number of a message, with its place in the folded text."""

    text: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def tokenize(text: str) -> tuple[str, list[Token]]:
    """The folded, squeezed text and its tokens ("Tênis 42!" -> "tenis 42!", [tenis, 42])."""
    folded = squeeze(fold(text))
    return folded, [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


FILLERS = frozenset("""
o a os as um uma uns umas de do da dos das no na nos nas em pra pro pros pras para por com
e ou ai aí la lá ne né entao tb tbm tambem agora blz beleza ok okay certo vc voce vcs pfv pf
favor porfa mais so apenas somente tamanho tam tm cor numero num nr n size color colour
the i an of in on for with and or me my one ones that this it please pls too also just only
some mim meu minha pode ser seria fazer faz ta eh e isso vai gente bom boa sim s
unidade unidades un und peca pecas x item itens opcao op opcoes kit valor value r rs reais
real conto contos bucks dollars pair pairs par pares nvm then tipo assim sabe vi
marido esposa mulher filho filha namorado namorada mae pai irma irmao amigo amiga husband wife
son daughter boyfriend girlfriend mom dad sister brother friend ele ela
mesmo mesma msm aquele aquela daquele daquela dele dela desse dessa deste desta
esse essa este esta esses essas estes estas
ml kg gb mah cm mm litro litros d re eu uso usa visto veste wear novo nova again calco
entendi entendo saquei show perfeito otimo legal massa got cool great nice perfect
ah ahh oh hmm hm humm uhm kk kkk kkkk haha hahaha hehe lol
putz puts poxa aff afe eita vish xi nossa caramba pqp damn dang ugh ouch shoot welp aw aww
melhor actually instead rather same igual q que exceto except but pera perai espera wait hold
to tou estou tava rsrs rsrsrs kkkkk desculpa sorry
outro outra outros outras another other
bora vamo vamos partiu demorou fechou fechado lovely awesome amazing sweet brilliant cheers
excellent wonderful fantastic maravilha bacana
mano mana mn slk tlgd pdp vlw tmj suave firmeza parca brother bro dude mate vdd verdade fine
is are be usually normally generally geralmente normalmente before antes arriscar arrisco gosta
she he her his him they them we wears takes
""".split())
"""Words that name no product and ask nothing: articles, prepositions, politeness, slang."""

POINTING = frozenset("""esse essa este esta ele ela it this that one dele dela desse dessa
mesmo mesma same""".split())
"""Words that point at what is on screen ("buy it", "quero esse", "tem em preto, essa?")."""

GREETINGS = frozenset("oi ola opa hi hello hey eai bom dia tarde noite".split())
"""Greetings before a request ("oi, quero ...")."""

BUY_CUES = frozenset("""
quero queria quer qro qria qr kero keria vou levar leva levo levarei manda mande mandar coloca
coloque colocar coloka bota boto botar poe ponha por adiciona adicione adicionar add separa separe
pega pego ve pegar compra compro comprar fico escolho prefiro inclui incluir want take get buy
grab put ll gimme give order choose pick go id like would prefer need querendo querer gostaria
stick keep
""".split())
"""Words by which a buyer asks for something ("quero", "coloca", "vou no", "I'll take")."""

LIKE_WORDS = frozenset("gostei curti amei adorei like liked love loved lindo linda lindos lindas"
                       .split())
"""Words of liking ("gostei do de skate, no branco 40"): a choice when options are said."""

QUESTION_WORDS = frozenset("""
tem temos tinha teria qual quais quanto quanta quantos quantas como onde quando existe vende
vendem what which how where when
""".split())
"""Words that make a message a question rather than a request, wherever they are."""

QUESTION_STARTS = QUESTION_WORDS | frozenset("do does is are have has any can could".split())
"""Words that make a message a question when it starts with them ("do you have ...")."""

LOOK_WORDS = frozenset("""
ver veja vejo mostra mostrar mostre olhar olha conhecer detalhe detalhes foto fotos see
look view details photo picture procuro procurando busco buscando procura looking
""".split())
"""Words asking to see, not to buy ("quero ver o smartphone"); not "show", which in Portuguese
is also "great!"."""

NEGATIONS = frozenset("nao nem nunca nada not dont never".split())
"""Words that turn a request into a refusal ("nao quero o fone")."""

PUT_IN_WORDS = frozenset("""poe ponha coloca coloque coloka bota boto botar adiciona adicione add
inclui incluir acrescenta acrescente joga""".split())
"""Words of putting an item in the cart, not of wanting one: "poe tb o protetor solar de rosto"
adds it, where "queria um relogio" asks to see the watches."""

CHANGE_WORDS = frozenset("troca trocar troque muda mudar mude altera alterar change swap "
                         "switch make".split())
"""Words of a change to a cart line ("troca o tamanho pra G"), which the swap handles."""

REMOVE_WORDS = frozenset("tira tirar tire retira retirar remove remover exclui excluir "
                         "delete cancela cancelar scratch ditch drop".split())
"""Words of a removal, which the cart's removal handles."""

COMPLAINT_WORDS = frozenset("""
veio chegou quebrado quebrada defeito defeituoso errado errada problema pessimo pessima ruim
horrivel reclamacao reclamar estragado estragada rasgado rasgada faltando broken wrong damaged
defective arrived terrible awful complaint
devolver devolvo devolucao reembolso estorno return refund exchange
""".split())
"""Words of a complaint or a return about a product: a message with them is not a request for
it."""

_COLOR_BASES: dict[str, str] = {}
for _base, _forms in {
    "preto": "preto preta pretos pretas pretinho pretinha black",
    "branco": "branco branca brancos brancas branquinho branquinha white",
    "azul": "azul azuis azulzinho azulzinha blue",
    "vermelho": "vermelho vermelha vermelhos vermelhas red",
    "verde": "verde verdes verdinho verdinha green",
    "amarelo": "amarelo amarela amarelos amarelas yellow",
    "rosa": "rosa rosinha rosas pink",
    "roxo": "roxo roxa roxos roxas purple",
    "cinza": "cinza cinzas cinzinha gray grey",
    "marrom": "marrom marrons brown",
    "bege": "bege beges beige",
    "laranja": "laranja laranjas orange",
    "dourado": "dourado dourada dourados douradas gold golden",
    "prata": "prata prateado prateada silver",
    "vinho": "vinho wine burgundy",
    "caramelo": "caramelo caramel",
    "nude": "nude",
    "lilas": "lilas lilac",
    "grafite": "grafite graphite",
    "mostarda": "mostarda mustard",
    "transparente": "transparente transparent clear",
    "inox": "inox steel stainless",
    "marinho": "marinho navy",
}.items():
    for _form in _forms.split():
        _COLOR_BASES[_form] = _base


CONTINUING = frozenset("e and also plus mais tb tbm tambem too".split())
"""Words that open a message continuing a purchase ("and a jump rope", "e um carregador")."""


ENGLISH_OPTION_WORDS = frozenset("""black white blue red green yellow pink purple gray grey brown
beige orange gold golden silver wine burgundy caramel lilac graphite mustard transparent clear
steel stainless navy small medium large""".split())
"""Colours and sizes said in English ("a pink 37": English "a" counts one)."""


def color_base(word: str) -> str | None:
    """The base colour of a folded word in Portuguese or English ("pretas", "black" ->
    "preto"), or None when it is not a colour word."""
    return _COLOR_BASES.get(word)


LETTER_SIZES = frozenset("pp p m g gg xg xgg eg egg xs s l xl xxl xxxl u".split())
"""Letter sizes as tokens."""
SIZE_WORDS = {"pequeno": "p", "pequena": "p", "medio": "m", "media": "m", "grande": "g",
              "small": "s", "medium": "m", "large": "l", "unico": "u", "unica": "u"}
"""Sizes said in words, as the letter they stand for."""
# English letter sizes read as Brazilian ones when the product has no English sizes.
ENGLISH_LETTERS = {"s": "p", "l": "g", "xl": "gg", "xxl": "xg"}

NUMBER_WORDS = {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
    "sete": 7, "oito": 8, "nove": 9, "dez": 10, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
"""Small counts in words (larger ones come from the NLU's quantity rule)."""


def is_attribute_word(word: str) -> bool:
    """Whether a word is a colour or a size in any form, not a product word."""
    return color_base(word) is not None or word in LETTER_SIZES or word in SIZE_WORDS

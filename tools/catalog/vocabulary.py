"""Small word lists that make search forgiving: filler words, English terms, colour and size names.

All words are folded (see `tools.catalog.text.fold`). The catalog is written in Portuguese; an
English query is expanded with the Portuguese words a pt-BR catalog uses. Portuguese stop
words ("de", "para", "um") need no list here: Postgres's `portuguese` configuration drops them.
"""

from __future__ import annotations

import re

from tools.catalog.text import fold

# Words of a buyer's sentence that say nothing about the product ("quero ver um tenis"),
# and Portuguese stop words that Postgres keeps once their accents are folded ("não", "até").
FILLER = frozenset(
    """
    oi ola bom boa dia tarde noite tudo bem por favor pfv pf obrigado obrigada
    quero queria gostaria procuro procurando busco buscando preciso precisando tem tens
    voce voces vc vcs ai la aqui algum alguma alguns algumas ver mostrar mostra mostre
    me manda mandar comprar compra vende vendem vender sim ok opcao opcoes
    tamanho tam cor numero numeracao
    hi hello i want need looking for the a an some any do you have show me please with of
    to in my size color colour buy sell sells
    algo alguma coisa coisas something anything thing things stuff
    pra pro pras pros ate nao so ja tambem esta estao sao que
    meio muito muita pouco pouca bem mais menos tipo
    curte curtir curti gosta gosto gostam adora adoro ama likes loves enjoys into
    that this these those it its and or is are be what which who from on at by as up
    """.split()
)

# English (and a few colloquial Portuguese) words -> words the pt-BR catalog uses.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "shoe": ("tenis", "calcado", "sapato"),
    "shoes": ("tenis", "calcado", "sapato"),
    "sneaker": ("tenis",),
    "sneakers": ("tenis",),
    "running": ("corrida",),
    "run": ("corrida",),
    "runner": ("corrida",),
    "sandal": ("sandalia", "rasteira"),
    "sandals": ("sandalia", "rasteira"),
    "flipflops": ("chinelo",),
    "boot": ("bota",),
    "boots": ("bota",),
    "shirt": ("camiseta", "camisa"),
    "tshirt": ("camiseta",),
    "tee": ("camiseta",),
    "dress": ("vestido",),
    "dresses": ("vestido",),
    "pants": ("calca",),
    "trousers": ("calca",),
    "hoodie": ("moletom",),
    "sweatshirt": ("moletom",),
    "leggings": ("legging",),
    "bag": ("bolsa", "mochila"),
    "bags": ("bolsa", "mochila"),
    "handbag": ("bolsa",),
    "backpack": ("mochila",),
    "wallet": ("carteira",),
    "sunglasses": ("oculos",),
    "glasses": ("oculos",),
    "watch": ("relogio",),
    "cap": ("bone",),
    "hat": ("bone", "chapeu"),
    "headphone": ("fone",),
    "headphones": ("fone", "headphone"),
    "earphones": ("fone",),
    "earbuds": ("fone",),
    "phone": ("celular", "smartphone"),
    "cellphone": ("celular", "smartphone"),
    "smartphone": ("celular", "smartphone"),
    "case": ("capinha", "capa", "case"),
    "cover": ("capinha", "capa"),
    "charger": ("carregador",),
    "speaker": ("caixa", "som"),
    "bottle": ("garrafa", "squeeze"),
    "thermos": ("garrafa", "termica"),
    "mug": ("caneca",),
    "cup": ("caneca", "copo"),
    "pan": ("panela",),
    "pans": ("panela",),
    "knife": ("faca",),
    "coffee": ("cafe", "cafeteira"),
    "candle": ("vela",),
    "blanket": ("manta",),
    "pillow": ("almofada",),
    "towel": ("toalha",),
    "socks": ("meia",),
    "sock": ("meia",),
    "mat": ("tapete",),
    "dumbbell": ("halter",),
    "dumbbells": ("halter",),
    "rope": ("corda",),
    "fragrance": ("perfume", "colonia"),
    "sunscreen": ("protetor", "solar"),
    "moisturizer": ("hidratante",),
    "lipstick": ("batom",),
    "makeup": ("maquiagem",),
    "gift": ("presente",),
    "gifts": ("presente",),
    "present": ("presente",),
    "kids": ("infantil",),
    "children": ("infantil",),
    "women": ("feminino", "feminina"),
    "womens": ("feminino", "feminina"),
    "men": ("masculino", "masculina"),
    "mens": ("masculino", "masculina"),
    "gym": ("academia", "treino"),
    "workout": ("treino", "academia"),
    "kitchen": ("cozinha",),
    # Hobbies as buyers name a gift's receiver's ("she loves cooking", "ele curte esporte"):
    # the catalog's category words.
    "cooking": ("cozinha",),
    "cook": ("cozinha",),
    "cooks": ("cozinha",),
    "baking": ("cozinha",),
    "cozinhar": ("cozinha",),
    "culinaria": ("cozinha",),
    "sports": ("esporte", "esportivo"),
    "sport": ("esporte", "esportivo"),
    "esportes": ("esporte", "esportivo"),
    "futebol": ("esporte", "esportivo"),
    "soccer": ("esporte", "esportivo"),
    "football": ("esporte", "esportivo"),
    "fitness": ("academia", "treino"),
    "music": ("fone", "som"),
    "musica": ("fone", "som"),
    "beach": ("praia",),
    "beauty": ("beleza",),
    "leather": ("couro",),
    "cotton": ("algodao",),
    "wireless": ("bluetooth",),
    "mom": ("mae",),
    "mum": ("mae",),
    "mother": ("mae",),
    "mothers": ("mae",),
    "dad": ("pai",),
    "father": ("pai",),
    "fathers": ("pai",),
    "girlfriend": ("namorada",),
    "boyfriend": ("namorado",),
    "hiking": ("trilha",),
    "trail": ("trilha",),
    "light": ("led", "pisca"),
    # Technology as buyers say it: the catalog's Eletrônicos.
    "tecnologia": ("eletronico",),
    "tecnologico": ("eletronico",),
    "tech": ("eletronico",),
    "techie": ("eletronico",),
    "technology": ("eletronico",),
    "electronics": ("eletronico",),
    "electronic": ("eletronico",),
    "gadget": ("eletronico",),
    "gadgets": ("eletronico",),
    "geek": ("eletronico",),
    # Colloquial Portuguese.
    "malhar": ("academia", "treino"),
    "malhacao": ("academia", "treino"),
    "ginastica": ("academia", "fitness"),
    "mamae": ("mae",),
    "papai": ("pai",),
    "celu": ("celular",),
    "cel": ("celular",),
    "fones": ("fone",),
    "squeeze": ("squeeze", "garrafa"),
    "mochilas": ("mochila",),
    "sapatenis": ("tenis",),
    "termo": ("termica",),
}

# Words of an occasion, not of a product: "um presente pro meu namorado" asks for a gift,
# and what it is comes from the rest ("ele curte tecnologia") or from the products the store
# tags as gifts.
OCCASIONS = frozenset(
    """
    presente presentes presentear presentinho lembranca lembrancinha aniversario niver natal
    gift gifts present presents birthday bday christmas xmas
    """.split()
)

# Phrases whose words mean something else together: a secret-santa gift is a gift, not a
# secret nor a saint.
PHRASES: dict[str, str] = {
    "secret santa": "presente",
    "amigo secreto": "presente",
    "amigo oculto": "presente",
    "amigo invisivel": "presente",
    "white elephant": "presente",
}
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PHRASES) + r")\b")


def phrases_replaced(text: str) -> str:
    """The folded text with each phrase of `PHRASES` as the word it means."""
    return _PHRASE.sub(lambda found: PHRASES[found.group(1)], fold(text))


# Each tuple names one colour; a filter for any of its words matches all of them.
COLORS: tuple[tuple[str, ...], ...] = (
    ("preto", "preta", "pretos", "pretas", "black"),
    ("branco", "branca", "brancos", "brancas", "white", "off white", "off-white"),
    ("azul", "azuis", "blue", "azul marinho", "marinho", "navy"),
    ("vermelho", "vermelha", "vermelhos", "vermelhas", "red"),
    ("rosa", "rosas", "pink", "rose"),
    ("verde", "verdes", "green"),
    ("amarelo", "amarela", "amarelos", "amarelas", "yellow"),
    ("cinza", "cinzas", "grey", "gray", "grafite", "chumbo"),
    ("marrom", "marrons", "brown", "caramelo", "chocolate"),
    ("bege", "beges", "beige", "areia", "nude"),
    ("roxo", "roxa", "roxos", "roxas", "purple", "lilas", "violeta"),
    ("laranja", "laranjas", "orange"),
    ("dourado", "dourada", "gold", "ouro"),
    ("prata", "prateado", "prateada", "silver", "inox"),
    ("vinho", "bordo", "burgundy", "wine"),
)

# Each tuple names one size in its Brazilian and international spellings.
SIZES: tuple[tuple[str, ...], ...] = (
    ("pp", "xs", "extra pequeno"),
    ("p", "s", "pequeno", "small"),
    ("m", "medio", "medium"),
    ("g", "l", "grande", "large"),
    ("gg", "xl", "extra grande"),
    ("xg", "xgg", "xxl", "2xl", "eg"),
    ("u", "unico", "tamanho unico", "one size"),
)

SMALLER_WORDS = frozenset("menor menorzinho pequeno pequena small smaller smallest mini".split())
LARGER_WORDS = frozenset("maior grande grandao big bigger biggest large larger largest".split())
RELATIVE_SIZES = SMALLER_WORDS | LARGER_WORDS
"""Words that pick an option by its size among the item's ("o menor", "the bigger one")."""

SIZE_KEYS = ("tamanho", "tam", "size", "numero", "numeracao", "volume")
COLOR_KEYS = ("cor", "cores", "color", "colour")


def color_names(color: str) -> tuple[str, ...]:
    """All spellings of a folded colour name (itself alone when it is not in `COLORS`)."""
    return next((group for group in COLORS if color in group), (color,))


def size_names(size: str) -> tuple[str, ...]:
    """All spellings of a folded size name (itself alone when it is not in `SIZES`)."""
    return next((group for group in SIZES if size in group), (size,))

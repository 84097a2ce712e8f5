"""English product words in Portuguese, for a Portuguese catalog read by English buyers.

"a black cap", "the 2 kg dumbbells", "a jump rope": the store names its products in Portuguese
("Boné", "Halteres", "Corda de Pular"). Each English word (singular) maps to the Portuguese
words a catalog would use; a buyer's word matches a product word through either.
"""

from __future__ import annotations

_PAIRS = """
cap:bone hat:bone chapeu:bone beanie:gorro shoe:tenis sneaker:tenis trainer:tenis
running:corrida walking:caminhada hiking:trilha trail:trilha boot:bota sandal:sandalia,rasteira
slide:chinelo flip:chinelo flop:chinelo slipper:chinelo shirt:camiseta,camisa tee:camiseta
tshirt:camiseta polo:polo dress:vestido skirt:saia pant:calca pants:calca trouser:calca
jeans:jeans jogger:jogger sweatpant:calca hoodie:moletom,capuz sweatshirt:moletom jacket:jaqueta
coat:casaco sock:meia legging:legging leggings:legging top:top swimmer:nadador racerback:nadador
bag:bolsa purse:bolsa tote:tote backpack:mochila wallet:carteira watch:relogio
smartwatch:smartwatch sunglasses:oculos glasses:oculos earbud:fone earphone:fone
headphone:headphone,fone headset:fone phone:celular,smartphone cellphone:celular
smartphone:smartphone case:capinha,capa,case cover:capinha,capa,capa screen:pelicula
protector:pelicula,protetor charger:carregador speaker:caixa,som powerbank:power,bank
bottle:garrafa,squeeze thermos:garrafa,termica flask:garrafa,squeeze mug:caneca cup:caneca
pan:panela pot:panela,pote knife:faca jar:pote container:pote coffee:cafe,cafeteira
press:prensa candle:vela blanket:manta throw:manta cushion:almofada pillow:almofada
towel:toalha mat:tapete yoga:yoga dumbbell:halter,halteres weight:halter,peso rope:corda
jump:pular skipping:pular perfume:perfume fragrance:perfume moisturizer:hidratante
cream:hidratante sunscreen:protetor,solar shampoo:shampoo lipstick:batom brush:pincel,pinceis
makeup:maquiagem gift:vale,presente card:vale voucher:vale,presente thermal:termica
laptop:notebook kit:kit set:jogo,kit wireless:sem,fio bluetooth:bluetooth leather:couro
cotton:algodao floral:floral glass:vidro kitchen:cozinha food:alimento,pote
basic:basica,basico lavender:lavanda scented:aromatica aromatic:aromatica velvet:veludo
stainless:inox steel:aco,inox skate:skate skater:skate skateboard:skate skating:skate
gym:fitness,treino workout:treino,fitness training:treino run:corrida runner:corrida
hike:trilha beach:praia face:facial,rosto facial:facial skin:pele skincare:skincare hair:cabelo
lip:labial,batom solid:solido vegan:vegano polarized:polarizado aviator:aviador
analog:analogico classic:classico men:masculino,masculina mens:masculino,masculina
woman:feminino,feminina women:feminino,feminina womens:feminino,feminina kid:infantil
kids:infantil child:infantil children:infantil boot:bota combat:coturno braided:trancada
linen:linho knit:trico knitted:trico sweater:trico winter:inverno couch:sofa sofa:sofa
egyptian:egipcio sport:esportivo,esportiva sports:esportivo,esportiva
noise:ruido printed:estampada washed:estonada tempered:vidro fast:turbo french:francesa
nonstick:antiaderente airtight:hermetico heart:cardiaco rubber:emborrachado waist:cintura
high:alta lasting:duracao hyaluronic:hialuronico piece:peca pieces:pecas curved:curva
embroidered:bordado wide:largo slim:slim spf:fps
kangaroo:canguru hooded:capuz hood:capuz canvas:lona
""".split()

GLOSSARY: dict[str, tuple[str, ...]] = {
    english: tuple(portuguese.split(","))
    for english, portuguese in (pair.split(":", 1) for pair in _PAIRS)
}
"""English word (singular, folded) -> Portuguese words a catalog uses for it."""


def translations(word: str) -> tuple[str, ...]:
    """The Portuguese words for an English word, singular or plural ("shoes", "dresses")."""
    for form in (word, word[:-1] if word.endswith("s") else "",
                 word[:-2] if word.endswith("es") else "", *_verb_forms(word)):
        if form in GLOSSARY:
            return GLOSSARY[form]
    return ()


def _verb_forms(word: str) -> tuple[str, ...]:
    """"hiking" -> "hike", "running" -> "run": the thing a buyer says they do."""
    if not word.endswith("ing") or len(word) < 6:
        return ()
    stem = word[:-3]
    return (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem)

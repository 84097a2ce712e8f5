"""A message with several needs, answered with one basket.

"vou pra praia e preciso de oculos de sol, uma bolsa de praia, protetor solar pro rosto e uma
sandalia 36. tenho uns 400 reais. manda pro cep 04567-000": each need is found in the catalog
(`finder`), one product per need is picked within the budget (`picker`), and the basket is
proposed with each price, the total and the shipping to the CEP given (`propose`). "pode
colocar tudo", "the rest", a "sim" or the button adds it (`follow_up`).
"""

"""After the sale: a buyer's orders in the conversation (status, cancel, change, exchange,
return, reorder). `node.aftersale` is the graph node; `words` reads what the buyer asks."""

"""The store catalog: JSON Lines import, text folding and the read client used by the graph."""

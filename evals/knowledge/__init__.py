"""Evaluations of the store knowledge base: answers (`__main__`) and retrieval latency (`bench`)."""

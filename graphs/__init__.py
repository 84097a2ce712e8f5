"""LangGraph graphs of Balcão."""

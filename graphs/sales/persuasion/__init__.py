"""Selling strategies as conditional edges: chosen from real signals, stating only facts
the data proves (sales counts from paid orders, stock from the catalog, terms from the store's
settings)."""

"""Shipping: CEP validation and the store's shipping rules."""

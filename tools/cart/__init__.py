"""Carts: their own tables, changed only through `CartStore`."""

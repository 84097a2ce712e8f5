"""The sales conversation graph."""

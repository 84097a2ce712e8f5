"""Rendering structured replies into words, per locale."""

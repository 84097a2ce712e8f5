"""Balcão: conversational commerce on WhatsApp."""

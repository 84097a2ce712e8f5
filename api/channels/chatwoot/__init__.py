"""Chatwoot: Balcão as the agent bot of a store's Chatwoot inboxes."""

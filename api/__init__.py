"""The HTTP service: webhooks, health, and (later) the operator console."""

"""Replay and time travel over stored conversations (checkpoints in Postgres)."""

"""Postgres: the one database (embedded by default, any PostgreSQL 15+ with pgvector otherwise)."""

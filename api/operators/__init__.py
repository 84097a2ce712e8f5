"""Operators of the console: accounts, password hashes and sign-in sessions."""

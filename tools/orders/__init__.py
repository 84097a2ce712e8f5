"""Orders, stock reservations and payments: the authoritative records of buying."""

"""The demo store: a pt-BR sample catalog and the seeding that loads it on first start."""

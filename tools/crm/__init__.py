"""Customer records behind one interface: Postgres by default, HubSpot as an adapter."""

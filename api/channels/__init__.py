"""Channel adapters: parsing, verifying and sending stay at the edge."""

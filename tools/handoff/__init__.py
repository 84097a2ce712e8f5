"""Handing conversations to people: criteria, business hours, the prioritized queue."""

"""Reports for store operators."""

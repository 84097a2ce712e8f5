"""A/B/n experiments on selling strategies: assignment, exposures, outcomes, statistics."""

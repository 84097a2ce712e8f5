"""Load benchmark: `python -m evals.load` (see `__main__.py`)."""

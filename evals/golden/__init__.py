"""Golden conversations: recorded buyer turns with expectations on structured outcomes."""

"""Command-line interface of the `balcao` program."""

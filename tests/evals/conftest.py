"""The in-process fixtures of tests/integration, shared here."""

from tests.integration.conftest import env  # noqa: F401 - a fixture, used by name

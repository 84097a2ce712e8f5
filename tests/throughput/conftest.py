"""Throughput fixtures: the end-to-end ones (a fake Graph API, a fresh database, the small
catalog imported) shared with tests/e2e."""

from tests.e2e.conftest import graph_api, service_env  # noqa: F401

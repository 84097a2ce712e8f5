"""`balcao serve [--port N]`: the API and, in the same process, the workers."""

from __future__ import annotations

import argparse

from balcao.pii import configure_logging
from balcao.settings import Settings, get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the API and the workers")
    parser.add_argument("--port", type=int, default=None, help="port (default: PORT or 8000)")
    parser.add_argument("--host", default=None, help="interface (default: BALCAO_HOST)")
    parser.set_defaults(func=run)


def served_at(settings: Settings, host: str, port: int) -> Settings:
    """The settings of a server on `host:port`: with no PUBLIC_BASE_URL set, the links the
    bot sends (the pay page) point at this very server (`--port 8765` -> :8765, not :8000)."""
    if "public_base_url" in settings.model_fields_set:
        return settings
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    return settings.model_copy(update={"public_base_url": f"http://{shown}:{port}"})


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    settings = served_at(settings, host, port)
    configure_logging(settings.log_level, settings.log_format, settings)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,  # keep our scrubbing handler for uvicorn's records too
        proxy_headers=True,
    )
    return 0

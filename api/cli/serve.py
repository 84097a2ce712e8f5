"""`balcao serve [--port N]`: the API and, in the same process, the workers."""

from __future__ import annotations

import argparse

from balcao.pii import configure_logging
from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the API and the workers")
    parser.add_argument("--port", type=int, default=None, help="port (default: PORT or 8000)")
    parser.add_argument("--host", default=None, help="interface (default: BALCAO_HOST)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format, settings)
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_config=None,  # keep our scrubbing handler for uvicorn's records too
        proxy_headers=True,
    )
    return 0

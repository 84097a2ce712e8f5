"""`balcao operators create-admin --email E [--name N] [--password-stdin]` and `list`.

The password is read without echo (twice, to catch typos) or, with `--password-stdin`, as
the first line of standard input (for scripts); it is never printed or logged.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("operators", help="console operators")
    commands = parser.add_subparsers(dest="operators_command", required=True)
    create = commands.add_parser("create-admin", help="create an administrator of the console")
    create.add_argument("--email", required=True)
    create.add_argument("--name", default="", help="shown in the console (default: the e-mail)")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    create.set_defaults(func=run_create_admin)
    listing = commands.add_parser("list", help="list operators")
    listing.set_defaults(func=run_list)


def run_create_admin(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat: ") != password:
            print("the passwords differ", file=sys.stderr)
            return 2
    return asyncio.run(_create(args.email, args.name, password))


def run_list(args: argparse.Namespace) -> int:
    return asyncio.run(_list())


async def _create(email: str, name: str, password: str) -> int:
    from api.operators.accounts import OperatorExists, create_operator
    from balcao.clock import SystemClock

    async def create(conn) -> int:
        try:
            operator_id = await create_operator(conn, email=email, name=name, password=password,
                                                role="admin", clock=SystemClock())
        except OperatorExists:
            print(f"an operator with e-mail {email.strip().lower()} already exists",
                  file=sys.stderr)
            return 1
        except ValueError as err:
            print(str(err), file=sys.stderr)
            return 2
        print(f"admin {operator_id} created; sign in at /console/login")
        return 0

    return await _with_database(create)


async def _list() -> int:
    from api.operators.accounts import list_operators

    async def show(conn) -> int:
        for row in await list_operators(conn):
            state = "" if row["active"] else " (inactive)"
            print(f"{row['id']:>4}  {row['role']:<8} {row['email']}  {row['name']}{state}")
        return 0

    return await _with_database(show)


async def _with_database(action) -> int:  # noqa: ANN001 - an async callable of a connection
    from balcao.db.connect import database_url, open_pool
    from balcao.db.migrate import migrate

    settings = get_settings()
    pool = await open_pool(await asyncio.to_thread(database_url, settings), min_size=1,
                           max_size=2)
    try:
        async with pool.connection() as conn:
            await migrate(conn)
            return await action(conn)
    finally:
        await pool.close()

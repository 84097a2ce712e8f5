"""`balcao stores create ID --name N` / `list` / `show ID` / `reload` /
`add-operator ID --email E --role owner|agent`: the stores of one service (issue #19).

Each store is a file `BALCAO_STORES_DIR/<id>.yaml` (validated; secrets as `${ENV_VAR}`) and
a row in the database. `reload` reads every file again: valid ones take effect at once in
every running process (each re-reads a changed file on its next use), broken ones are
refused with their line numbers and the previous configuration keeps serving.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from balcao.settings import get_settings
from balcao.store_config import STORE_ID, StoreConfig, StoreConfigs, store_file
from balcao.store_config_files import StoreFileInvalid, parse_store_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stores", help="the stores this service runs")
    commands = parser.add_subparsers(dest="stores_command", required=True)
    create = commands.add_parser("create", help="a new store file and row")
    create.add_argument("store_id")
    create.add_argument("--name", required=True)
    create.add_argument("--phone-number-id", default=None,
                        help="the store's WhatsApp Cloud API phone number id")
    create.add_argument("--token-env", default=None,
                        help="environment variable holding the store's WhatsApp access token")
    create.set_defaults(func=run_create)
    commands.add_parser("list", help="the stores").set_defaults(func=run_list)
    show = commands.add_parser("show", help="one store's configuration (secrets hidden)")
    show.add_argument("store_id")
    show.set_defaults(func=run_show)
    commands.add_parser("reload", help="validate every store file and apply the valid ones"
                        ).set_defaults(func=run_reload)
    member = commands.add_parser("add-operator", help="make an operator a store's owner/agent")
    member.add_argument("store_id")
    member.add_argument("--email", required=True)
    member.add_argument("--role", choices=("owner", "agent"), required=True)
    member.add_argument("--name", default="")
    member.add_argument("--password-stdin", action="store_true",
                        help="for a new account: the password, first line of standard input")
    member.set_defaults(func=run_add_operator)


def _stores_dir() -> Path | None:
    return get_settings().stores_dir


def store_yaml(name: str, phone_number_id: str | None, token_env: str | None) -> str:
    """A new store's file: the demo store's (commented) with the store's name and number."""
    text = (resources.files("balcao.demo") / "store.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[at] = f"name: {json.dumps(name, ensure_ascii=False)}"
    if phone_number_id:
        lines += ["channels:", "  whatsapp:",
                  f"    phone_number_id: {json.dumps(phone_number_id)}",
                  f"    access_token: ${{{token_env}}}"]
    return "\n".join(lines) + "\n"


def run_create(args: argparse.Namespace) -> int:
    folder = _stores_dir()
    if folder is None:
        print("set BALCAO_STORES_DIR to the folder of the store files", file=sys.stderr)
        return 2
    if not STORE_ID.fullmatch(args.store_id):
        print("a store id is letters, digits, _ and - (up to 64)", file=sys.stderr)
        return 2
    if bool(args.phone_number_id) != bool(args.token_env):
        print("--phone-number-id and --token-env go together", file=sys.stderr)
        return 2
    path = folder / f"{args.store_id}.yaml"
    if path.exists():
        print(f"{path} already exists", file=sys.stderr)
        return 1
    text = store_yaml(args.name, args.phone_number_id, args.token_env)
    try:
        parse_store_file(text, str(path), StoreConfig)
    except StoreFileInvalid as err:  # e.g. the token's variable is not set here
        print("\n".join(err.errors), file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    code = asyncio.run(_reload())
    if code == 0:
        print(f"store {args.store_id} created: {path}")
    return code


def run_list(args: argparse.Namespace) -> int:
    async def show(conn: Any) -> int:
        from tools.stores import list_stores

        files = set(StoreConfigs(_stores_dir()).file_ids())
        for store in await list_stores(conn):
            source = "file" if store.id in files else "default file"
            number = store.whatsapp_phone_number_id or "-"
            print(f"{store.id:<20} {number:<18} {source:<12} {store.name}")
        return 0

    return asyncio.run(_with_database(show))


def run_show(args: argparse.Namespace) -> int:
    folder = _stores_dir()
    try:
        config = StoreConfigs(folder).get(args.store_id)
        path = store_file(args.store_id, folder)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 1
    shown = config.model_dump(mode="json")  # SecretStr fields print as "**********"
    print(f"# {path or 'balcao/demo/store.yaml (the shipped default)'}")
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0


def run_reload(args: argparse.Namespace) -> int:
    return asyncio.run(_reload())


async def _reload() -> int:
    async def apply(conn: Any) -> int:
        from tools.stores import sync_stores

        stores = StoreConfigs(_stores_dir())
        problems = await sync_stores(conn, stores)
        for lines in problems.values():
            print("\n".join(lines), file=sys.stderr)
        applied = [s for s in stores.file_ids() if s not in problems]
        print(f"{len(applied)} store file(s) applied"
              + (f", {len(problems)} refused (the previous configuration keeps serving)"
                 if problems else ""))
        return 1 if problems else 0

    return await _with_database(apply)


def run_add_operator(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    return asyncio.run(_add_operator(args, password))


async def _add_operator(args: argparse.Namespace, password: str | None) -> int:
    async def add(conn: Any) -> int:
        from api.operators.accounts import create_operator, normalize_email
        from api.operators.memberships import add_membership
        from balcao.clock import SystemClock

        cur = await conn.execute("SELECT 1 FROM stores WHERE id = %s", (args.store_id,))
        if await cur.fetchone() is None:
            print(f"no store {args.store_id}", file=sys.stderr)
            return 1
        email = normalize_email(args.email)
        cur = await conn.execute("SELECT id FROM operators WHERE email = %s", (email,))
        row = await cur.fetchone()
        if row is None and password is None:
            print("a new account needs --password-stdin", file=sys.stderr)
            return 2
        operator_id = row["id"] if row else await create_operator(
            conn, email=email, name=args.name, password=password or "", role="operator",
            clock=SystemClock())
        await add_membership(conn, operator_id, args.store_id, args.role)
        print(f"operator {operator_id} is {args.role} of {args.store_id}")
        return 0

    try:
        return await _with_database(add)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2


async def _with_database(action: Any) -> int:
    from api.cli.operators import _with_database as with_database

    return await with_database(action)

"""The one place the console decides what an operator may see (issue #19).

Every console handler takes `ScopeDep` (never the bare operator): it names the operator's
stores and the one the pages show (the store switcher's choice). Lists read `scope.store_id`;
a row asked for by id is looked up through `scope.require_*`, which answers 404 (never 403)
for an id of a store the operator is not in, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException
from psycopg import AsyncConnection

from api.console.auth import OperatorDep
from api.deps import ResourcesDep
from api.operators.accounts import Operator
from api.operators.memberships import Membership, memberships


@dataclass(frozen=True)
class StoreScope:
    """The signed-in operator, their stores and the store the console shows."""

    operator: Operator
    stores: tuple[Membership, ...]
    store_id: str
    """The store the pages show and lists are read from."""

    @property
    def id(self) -> int:
        return self.operator.id

    @property
    def name(self) -> str:
        return self.operator.name

    @property
    def csrf_token(self) -> str:
        return self.operator.csrf_token

    @property
    def is_admin(self) -> bool:
        """The platform administrator (manages stores and every store's operators)."""
        return self.operator.is_admin

    @property
    def store_ids(self) -> list[str]:
        return [m.store_id for m in self.stores]

    @property
    def store_name(self) -> str:
        return next(m.store_name for m in self.stores if m.store_id == self.store_id)

    @property
    def manages(self) -> bool:
        """Whether they manage the shown store's agents, knowledge and FAQ (admin or owner)."""
        return self.is_admin or any(m.store_id == self.store_id and m.role == "owner"
                                    for m in self.stores)

    def require_store(self, store_id: str | None) -> str:
        """`store_id` when it is one of the operator's stores; 404 otherwise."""
        if store_id is None or store_id not in self.store_ids:
            raise HTTPException(404, "not found")
        return store_id

    async def require_row(self, conn: AsyncConnection, table: str, row_id: int) -> str:
        """The store of row `row_id` of a table with `store_id`; 404 when it does not exist
        or is another store's."""
        if table not in SCOPED_TABLES:
            raise ValueError(f"{table} is not a store-scoped table")
        cur = await conn.execute(
            f"SELECT store_id FROM {table} WHERE id = %s AND store_id = ANY(%s)",  # noqa: S608
            (row_id, self.store_ids))
        row = await cur.fetchone()
        if row is None:
            raise HTTPException(404, "not found")
        return str(row["store_id"])

    def require_manager(self) -> None:
        """Only the platform administrator or the shown store's owner may go on."""
        if not self.manages:
            raise HTTPException(403, "owners and administrators only")


SCOPED_TABLES = frozenset({"escalations", "orders", "conversations", "customers",
                           "knowledge_passages", "unanswered_questions", "payments"})
"""Tables whose rows the console opens by id (a fixed list: the name goes into SQL)."""


async def store_scope(operator: OperatorDep, resources: ResourcesDep) -> StoreScope:
    """The signed-in operator's scope; an operator with no store sees a 404 everywhere."""
    async with resources.pool.connection() as conn:
        stores = tuple(await memberships(conn, operator.id, is_admin=operator.is_admin))
    ids = [m.store_id for m in stores]
    if not ids:
        raise HTTPException(404, "this account belongs to no store yet")
    default = resources.settings.default_store_id
    shown = (operator.session_store if operator.session_store in ids
             else default if default in ids else ids[0])
    return StoreScope(operator=operator, stores=stores, store_id=shown)


ScopeDep = Annotated[StoreScope, Depends(store_scope)]


async def manager_scope(scope: ScopeDep) -> StoreScope:
    """The scope of an administrator or the shown store's owner (403 for agents: the page
    exists for them, they just may not use it)."""
    scope.require_manager()
    return scope


ManagerDep = Annotated[StoreScope, Depends(manager_scope)]

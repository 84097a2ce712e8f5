"""The schema migrates on the real embedded server, with the extensions search relies on."""

from balcao.db.migrate import migrate


async def test_migrations_are_applied_once_with_extensions(pool) -> None:
    async with pool.connection() as conn:
        assert await migrate(conn) == []  # the template already has every migration
        cur = await conn.execute("SELECT extname FROM pg_extension")
        names = {row["extname"] for row in await cur.fetchall()}
    assert {"vector", "pg_trgm", "unaccent"} <= names

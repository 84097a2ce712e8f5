"""`balcao knowledge import|list|ask` as a separate process on the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.knowledge.conftest import EVAL_STORES, write


def _cli(db_url: str, cwd: Path, *args: str, demo: bool = False,
         stores_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALCAO_")}
    env |= {"DATABASE_URL": db_url, "BALCAO_DEMO_STORE": "true" if demo else "false",
            "BALCAO_EMBEDDINGS": "none"}
    if stores_dir is not None:
        env["BALCAO_STORES_DIR"] = str(stores_dir)
    return subprocess.run(
        [sys.executable, "-m", "api.cli.knowledge", "knowledge", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


async def test_import_list_and_ask(db_url: str, pool, tmp_path: Path) -> None:
    folder = EVAL_STORES / "torrasul"
    imported = _cli(db_url, tmp_path, "import", str(folder), "--store", "default")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported 7 documents, 27 passages (27 created")
    again = _cli(db_url, tmp_path, "import", str(folder))
    assert "0 created, 0 updated, 27 unchanged, 0 deleted" in again.stdout

    listed = _cli(db_url, tmp_path, "list", "--json")
    rows = json.loads(listed.stdout)
    assert len(rows) == 27 and rows[0]["doc_id"] == "entrega"

    stores = tmp_path / "stores"
    stores.mkdir()
    (stores / "default.yaml").write_text((EVAL_STORES / "torrasul.yaml").read_text("utf-8"),
                                         encoding="utf-8")
    asked = _cli(db_url, tmp_path, "ask", "qual o frete pra 80010-000?", "--json",
                 stores_dir=stores)
    reply = json.loads(asked.stdout)
    assert reply["status"] == "answered" and "R$ 12,00" in reply["text"]
    assert reply["facts"] == ["ShippingForCep"]

    policy = _cli(db_url, tmp_path, "ask", "vcs vendem para cafeterias no atacado?",
                  stores_dir=stores)
    assert "5 kg" in policy.stdout and "passage: faq.md:" in policy.stdout

    unknown = _cli(db_url, tmp_path, "ask", "qual a capital da franca?")
    assert "(unknown: nothing in the store's data answers this)" in unknown.stdout
    none = _cli(db_url, tmp_path, "list", "--unanswered")
    assert none.stdout.strip() == "no unanswered questions"  # the owner's tries are not kept


async def test_a_bad_folder_exits_1_with_file_and_line(db_url: str, pool, tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    write(folder, "faq.md", "---\nkind: faq\ntitle: FAQ\n---\nsolto\n## P?\nR.\n")
    write(folder, "trocas.md", "---\nkind: policy\ntitel: Trocas\n---\n## Prazo\n7 dias.\n")
    result = _cli(db_url, tmp_path, "import", str(folder))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "faq.md:5: text before the first question: in a FAQ every answer goes under a "
        "'## question' heading",
        "trocas.md:1: front matter: 'title' is required",
        "trocas.md:3: unknown key 'titel' (did you mean 'title'?)",
        "nothing imported (3 error(s))",
    ]
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT count(*) AS n FROM knowledge_passages")
        assert (await cur.fetchone())["n"] == 0


async def test_the_default_store_gets_the_demo_knowledge(db_url: str, pool,
                                                         tmp_path: Path) -> None:
    asked = _cli(db_url, tmp_path, "ask", "vcs emitem nota fiscal?", demo=True)
    assert asked.returncode == 0, asked.stderr
    assert "NF-e" in asked.stdout

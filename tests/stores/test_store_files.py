"""Store files: secrets from the environment, errors with their line numbers, and a file
edited while the service runs applied at once, or refused while the old one keeps serving."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from api.cli.stores import store_yaml
from balcao.store_config import StoreConfig, StoreConfigs
from balcao.store_config_files import StoreFileInvalid, parse_store_file


def test_a_token_comes_from_the_environment_never_from_the_file() -> None:
    text = store_yaml("Loja", "555", "LOJA_TOKEN")
    assert "segredo" not in text and "${LOJA_TOKEN}" in text
    config = parse_store_file(text, "loja.yaml", StoreConfig, env={"LOJA_TOKEN": "segredo"})
    assert config.channels.whatsapp is not None
    assert config.channels.whatsapp.access_token.get_secret_value() == "segredo"
    assert "segredo" not in repr(config)
    with pytest.raises(StoreFileInvalid) as refused:
        parse_store_file(text, "loja.yaml", StoreConfig, env={})
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "LOJA_TOKEN" in row)
    assert refused.value.errors == [
        f"loja.yaml:{line}: environment variable LOJA_TOKEN is not set"]


def test_every_problem_is_reported_with_its_line() -> None:
    text = "name: Loja\nshipping:\n  options:\n    - id: a\n      name: A\n      price: '-1'\n" \
           "      days: 1\n  colour: verde\n"
    with pytest.raises(StoreFileInvalid) as refused:
        parse_store_file(text, "x.yaml", StoreConfig, env={})
    assert [e.split(": ")[0] for e in refused.value.errors] == ["x.yaml:6", "x.yaml:8"]
    assert "shipping.options.0.price" in refused.value.errors[0]
    with pytest.raises(StoreFileInvalid) as broken:
        parse_store_file("name: [unclosed\n", "y.yaml", StoreConfig, env={})
    assert broken.value.errors[0].startswith("y.yaml:2: not valid YAML")


def test_an_edited_file_applies_and_a_broken_one_keeps_the_old(tmp_path: Path) -> None:
    path = tmp_path / "loja.yaml"
    path.write_text(store_yaml("Primeiro nome", None, None))
    stores = StoreConfigs(tmp_path)
    assert stores.get("loja").name == "Primeiro nome"
    path.write_text(store_yaml("Segundo nome", None, None))
    os.utime(path, ns=(1, 1))  # a different stamp even within the clock's resolution
    assert stores.get("loja").name == "Segundo nome"
    path.write_text("name: Terceiro\nshipping: {options: []}\nmystery: 1\n")
    assert stores.get("loja").name == "Segundo nome"  # refused: the old one serves
    assert stores.file_ids() == ["loja"]


def _cli(db_url: str, stores_dir: Path, *args: str, env: dict[str, str] | None = None):
    import subprocess
    import sys

    from tests.service import REPO

    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", "stores", *args], cwd=REPO, text=True,
        capture_output=True, timeout=120,
        env={**os.environ, "DATABASE_URL": db_url, "BALCAO_STORES_DIR": str(stores_dir),
             **(env or {})})


def test_the_stores_commands_create_list_and_refuse_a_broken_file(db_url: str,
                                                                  tmp_path: Path) -> None:
    token = {"LOJA_C_TOKEN": "s3cr3t-value"}
    made = _cli(db_url, tmp_path, "create", "loja-c", "--name", "Loja C",
                "--phone-number-id", "333", "--token-env", "LOJA_C_TOKEN", env=token)
    assert made.returncode == 0, made.stderr
    assert "s3cr3t-value" not in (tmp_path / "loja-c.yaml").read_text()
    listed = _cli(db_url, tmp_path, "list", env=token).stdout
    assert any(line.split()[:2] == ["loja-c", "333"] for line in listed.splitlines())
    path = tmp_path / "loja-c.yaml"
    path.write_text(path.read_text().replace("Loja C", "Loja C2").replace("days: 9", "days: x"))
    refused = _cli(db_url, tmp_path, "reload", env=token)
    assert refused.returncode == 1
    assert f"{path}:" in refused.stderr and "days" in refused.stderr
    with psycopg.connect(db_url) as conn:  # the refused file changed nothing
        assert conn.execute("SELECT name FROM stores WHERE id = 'loja-c'").fetchone() == (
            "Loja C",)

"""`balcao operators create-admin`: the first admin, from the command line."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg

from api.operators.passwords import verify_password
from tests.service import REPO


def _create(db_url: str, email: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", "operators", "create-admin", "--email", email,
         "--name", "Ana", "--password-stdin"],
        cwd=REPO, env={**os.environ, "DATABASE_URL": db_url}, input=password + "\n",
        capture_output=True, text=True, timeout=60,
    )


def test_create_admin_stores_a_salted_hash_and_never_echoes_the_password(db_url: str) -> None:
    secret = "uma senha bem longa"
    result = _create(db_url, "Ana@Loja.com", secret)
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    with psycopg.connect(db_url) as conn:
        [(email, role, stored)] = conn.execute(
            "SELECT email, role, password_hash FROM operators").fetchall()
    assert (email, role) == ("ana@loja.com", "admin")
    assert stored.startswith("scrypt$131072$8$1$") and secret not in stored
    assert verify_password(secret, stored) and not verify_password("outra senha qualquer",
                                                                    stored)

    again = _create(db_url, "ana@loja.com", secret)
    assert again.returncode == 1 and "already exists" in again.stderr
    short = _create(db_url, "bia@loja.com", "curta")
    assert short.returncode == 2 and "at least 10" in short.stderr

"""Paying through the sandbox page as a browser does: open the page, then press a button
(the form's CSRF value, its cookie and the signed grant go with it)."""

from __future__ import annotations

import re

import httpx


def page_fields(html: str) -> dict[str, str]:
    """The hidden fields of the sandbox form (csrf, grant); empty when there is no form."""
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def pay(base_url: str, token: str, decision: str = "paid", *,
        follow_redirects: bool = False) -> httpx.Response:
    """Opens `/pay/{token}` and presses the button for `decision` ("paid" or "failed")."""
    with httpx.Client(base_url=base_url, timeout=15) as browser:
        page = browser.get(f"/pay/{token}")
        return browser.post(f"/pay/{token}", data={"decision": decision,
                                                     **page_fields(page.text)},
                            follow_redirects=follow_redirects)

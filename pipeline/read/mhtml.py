"""MHTML ("save as single file", ``.mhtml``/``.mht``): the page's HTML part out of the MIME
archive, with its transfer encoding undone; images and styles are left."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from pipeline.errors import InputError


def html_part(data: bytes, path: Path) -> bytes:
    """The bytes of the archive's page: its first ``text/html`` part (the one named by the
    root's ``start`` parameter, when there is one)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not parts:
        raise InputError("is an MHTML archive without an HTML page in it", path=path)
    start = (message.get_param("start") or "").strip("<>")
    chosen = next((p for p in parts if start and (p.get("Content-ID") or "").strip("<>") == start), parts[0])
    payload = chosen.get_payload(decode=True)
    if not payload:
        raise InputError("is an MHTML archive whose page is empty", path=path)
    return payload

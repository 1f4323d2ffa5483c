"""Telephony credentials: tokens shaped like Telnyx's JWTs, for the known credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from aiohttp import web

from ._shared import Route

if TYPE_CHECKING:
    from . import FakeAPI

_JWT_KEY = b"fake-telnyx-signing-key"
TOKEN_LIFETIME = 86400


async def create_token(api: FakeAPI, request: web.Request) -> web.Response:
    """201 with a token as text; a bare 404 for an unknown credential."""
    credential = request.match_info["id"]
    if credential not in api.credentials:
        return web.Response(status=404)
    return web.Response(status=201, text=_jwt(credential), content_type="text/plain")


def _jwt(subject: str) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    issued = int(datetime.now(timezone.utc).timestamp())
    header = b64(json.dumps({"alg": "HS512", "typ": "JWT"}).encode())
    claims = {
        "aud": "telnyx_telephony",
        "iss": "telnyx_telephony",
        "sub": subject,
        "iat": issued,
        "exp": issued + TOKEN_LIFETIME,
        "jti": str(uuid.uuid4()),
        "typ": "access",
    }
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(_JWT_KEY, f"{header}.{payload}".encode(), hashlib.sha512).digest()
    return f"{header}.{payload}.{b64(signature)}"


ROUTES: list[Route] = [
    ("POST", "/telephony_credentials/{id}/token", create_token),
]

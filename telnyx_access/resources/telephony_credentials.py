"""``client.telephony_credentials``: access tokens for SIP and WebRTC credentials."""

from __future__ import annotations

from .._checks import check_str
from .._encoding import encode_path
from .._options import PostOptions
from .._parsers import text
from .._request import Call
from .._resource import M, Raw, Resource, endpoint
from ._typing import Unpack

__all__ = ["TelephonyCredentials"]


class TelephonyCredentials(Resource[M]):
    """Telephony credentials (``/telephony_credentials``)."""

    _name = "telephony_credentials"

    @property
    def with_raw_response(self) -> TelephonyCredentials[Raw[M]]:
        """The same methods, answering with a ``RawResponse`` instead of the value."""
        return TelephonyCredentials(self._raw_binding())

    @endpoint
    def create_token(self, id: str, **options: Unpack[PostOptions]) -> Call[str]:
        """Issue an access token (a JWT) for a credential.

        The token is a secret: it is returned, never logged, and kept out of reprs.

        Args:
            id: the telephony credential's id.
        """
        return Call(
            method="POST",
            path=encode_path(_ISSUE_PATH, id=check_str("id", id)),
            template=_ISSUE_PATH,
            accept="text/plain",
            parse=text,
            options=options,
        )


_ISSUE_PATH = "/telephony_credentials/{id}/token"

"""Testing aids: ``FakeTelnyx``, a stateful fake of the account-access API.

Run it inside your tests (``async with FakeTelnyx() as fake:`` or ``with FakeTelnyx() as
fake:``), through the pytest plugin's ``telnyx_fake``, ``telnyx_client`` and
``telnyx_async_client`` fixtures, or standalone: ``python -m telnyx_access.testing --port
8080 --seed``.

Names are imported on first use, so loading the pytest plugin (which imports this package)
does not import aiohttp's server until a test asks for the fake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._exchanges import Exchange, RecordedRequest, observe_exchanges
    from ._ratelimit import RateLimitRule
    from ._samples import SAMPLE_CREDENTIAL_ID, SAMPLE_SUGGESTION_ID
    from ._server import FakeTelnyx, Fault

_HOME = {
    "SAMPLE_CREDENTIAL_ID": "._samples",
    "SAMPLE_SUGGESTION_ID": "._samples",
    "Exchange": "._exchanges",
    "FakeTelnyx": "._server",
    "Fault": "._server",
    "RateLimitRule": "._ratelimit",
    "RecordedRequest": "._exchanges",
    "observe_exchanges": "._exchanges",
}

__all__ = [
    "SAMPLE_CREDENTIAL_ID",
    "SAMPLE_SUGGESTION_ID",
    "Exchange",
    "FakeTelnyx",
    "Fault",
    "RateLimitRule",
    "RecordedRequest",
    "observe_exchanges",
]


if not TYPE_CHECKING:  # so that type checkers flag a name that is not listed
    __getattr__, __dir__ = lazy_names(__name__, _HOME, __all__)

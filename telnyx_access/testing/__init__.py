"""Testing aids: ``FakeTelnyx``, a stateful fake of the account-access API.

Run it inside your tests (``async with FakeTelnyx() as fake:`` or ``with FakeTelnyx() as
fake:``), through the pytest plugin's ``fake_telnyx``, ``client`` and ``async_client``
fixtures, or standalone: ``python -m telnyx_access.testing --port 8080 --seed``.
"""

from ._samples import SAMPLE_CREDENTIAL_ID, SAMPLE_SUGGESTION_ID
from ._server import Exchange, FakeTelnyx, Fault, RecordedRequest

__all__ = [
    "SAMPLE_CREDENTIAL_ID",
    "SAMPLE_SUGGESTION_ID",
    "Exchange",
    "FakeTelnyx",
    "Fault",
    "RecordedRequest",
]

"""``python -m telnyx_access.testing``: serve the fake API until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from ._server import FakeTelnyx

SERVER_MAX_RECORDED = 1_000
"""Requests a standalone fake keeps: it may serve millions, and nobody reads them back."""


def build(argv: list[str] | None = None) -> FakeTelnyx:
    """The fake the command line asks for (not started)."""
    parser = argparse.ArgumentParser(
        prog="python -m telnyx_access.testing",
        description="Serve a fake Telnyx account-access API on this machine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (0: any)")
    parser.add_argument("--api-key", default="test-key", help="the bearer key to accept")
    parser.add_argument("--seed", action="store_true", help="start with sample data")
    parser.add_argument(
        "--rate-limit",
        metavar="RATE",
        help="answer 429 past this rate, e.g. 100/second or 1000/minute (default: no limit)",
    )
    parser.add_argument(
        "--max-recorded",
        type=int,
        default=SERVER_MAX_RECORDED,
        metavar="N",
        help=f"keep the last N requests in memory (default {SERVER_MAX_RECORDED})",
    )
    args = parser.parse_args(argv)
    try:
        return FakeTelnyx(
            args.api_key,
            host=args.host,
            port=args.port,
            seed=args.seed,
            max_recorded=args.max_recorded,
            rate_limit=args.rate_limit,
        )
    except ValueError as error:
        parser.error(str(error))


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    fake = build(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(fake))


async def _serve(fake: FakeTelnyx) -> None:
    async with fake:
        limit = f"; rate limit {fake.rate_limit}" if fake.rate_limit is not None else ""
        print(
            f"fake Telnyx at {fake.base_url} (API key {fake.api_key!r}{limit}); Ctrl-C stops it",
            flush=True,
        )
        await asyncio.Event().wait()


if __name__ == "__main__":
    main()

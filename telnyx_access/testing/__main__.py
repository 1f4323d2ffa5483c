"""``python -m telnyx_access.testing``: serve the fake API until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from ._server import FakeTelnyx


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(
        prog="python -m telnyx_access.testing",
        description="Serve a fake Telnyx account-access API on this machine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (0: any)")
    parser.add_argument("--api-key", default="test-key", help="the bearer key to accept")
    parser.add_argument("--seed", action="store_true", help="start with sample data")
    args = parser.parse_args(argv)
    fake = FakeTelnyx(args.api_key, host=args.host, port=args.port, seed=args.seed)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(fake))


async def _serve(fake: FakeTelnyx) -> None:
    async with fake:
        print(
            f"fake Telnyx at {fake.base_url} (API key {fake.api_key!r}); Ctrl-C stops it",
            flush=True,
        )
        await asyncio.Event().wait()


if __name__ == "__main__":
    main()

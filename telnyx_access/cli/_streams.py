"""The standard streams of one run, and whether a person is at the other end of one."""

from __future__ import annotations

from typing import IO

import attrs


@attrs.frozen
class Streams:
    """The standard streams of one run, captured when it starts so tests can swap them."""

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]


def is_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal: notes for people are written only to one."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False

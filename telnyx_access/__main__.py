"""``python -m telnyx_access``: the ``telnyx-access`` command line, without the console script."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())

"""Contract tests: every operation against Stoplight Prism serving Telnyx's OpenAPI spec.

They run only when ``TELNYX_PRISM_BIN`` names a Prism executable (``nox -s contract``
installs one and sets it); otherwise they skip.
"""

"""``telnyx-access``: every operation of the blocking client, from a shell.

``telnyx-access <resource> <operation> [options]``. The operations and their options are
derived from the resource methods' signatures, type hints and docstrings, so a method added
to a resource appears here with its help; a parameter of a type the command line cannot
take fails loudly when the parser is built (and in the tests).

Exit status: 0 on success, 1 when the API or the connection failed, 2 for usage errors and
for arguments the SDK refuses before sending anything. Secrets (an integration secret's
``token`` and ``password``) come from stdin or a prompt, never from argv, and are never
printed. The client and the sandbox's fake server are imported only when a command runs.

The modules: ``_operations`` finds the commands, ``_arguments`` puts parameters on the
command line, ``_help`` reads the docstrings, ``_parser`` builds the argparse parser,
``_run`` runs a command and ``_output`` prints its result.
"""

from ._run import main

__all__ = ["main"]

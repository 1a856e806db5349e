"""The ``myorec`` console script, also run by ``python -m myorec``.

Loading a command imports click, pydantic, our models and, to draw tables,
tabulate: a few hundred thousand objects that all live until the process
exits. CPython's cyclic garbage collector would walk them again and again
while they are created, and once more at exit, without ever freeing one:
about a sixth of a report's start-up. So this entry point starts with the collector off; once the
sub-command is imported, what exists is frozen out of the collector's sight
(``gc.freeze``) and the collector comes back on, at a threshold that suits a
short-lived process, for the command's own work; at exit the survivors are
frozen too instead of being walked one last time.
"""

import gc

gc.disable()

from myorec import cli  # noqa: E402 - imported with the collector off, on purpose

#: Allocations between young-generation collections while a command runs (CPython's default is
#: 700): cyclic garbage is still collected, just not every few microseconds.
COMMAND_GC_THRESHOLD = 100_000


def _command_loaded() -> None:
    gc.freeze()
    gc.set_threshold(COMMAND_GC_THRESHOLD)
    gc.enable()


def main() -> None:
    cli.on_command_loaded = _command_loaded
    try:
        cli.main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()

"""The ``myorec`` console script, also run by ``python -m myorec``.

Loading a command imports click, pydantic, tabulate and our models: a few
hundred thousand objects that all live until the process exits. The cyclic
garbage collector would walk them again and again while they are created, and
once more at exit, without ever freeing one: about a sixth of a report's
start-up. So this entry point switches the collector off before importing
anything, and the ``myorec`` group switches it back on once the command is
loaded, after freezing what start-up built out of its sight (``gc.freeze``).
Objects the command itself creates are collected as usual.
"""

import gc

gc.disable()

from myorec.cli import main  # noqa: E402 - imported with the collector off, on purpose

__all__ = ["main"]

if __name__ == "__main__":
    main()

"""The ``myorec`` console script, also run by ``python -m myorec``.

The one start-up trick myorec keeps, because ``benchmarks/run.py`` shows it
pays (see the README's Performance section): a command imports click,
pydantic, our models and often tabulate, a few hundred thousand objects that
all live until the process exits. CPython's cyclic collector would walk them
every 700 allocations while they are created, and once more at exit, without
freeing one. So a command runs with a young-generation threshold that suits a
short-lived process, and what is alive at exit is frozen out of the last walk.
"""

import gc

#: Allocations between young-generation collections (CPython's default is 700): cyclic
#: garbage is still collected, just not every few microseconds.
GC_THRESHOLD = 100_000


def main() -> None:
    gc.set_threshold(GC_THRESHOLD)
    from myorec import cli

    try:
        cli.main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()

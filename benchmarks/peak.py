"""A command's own peak memory: ``python peak.py COMMAND...`` runs it and prints its ru_maxrss in KiB.

A child's ru_maxrss on Linux includes what the process that forked it held
when it forked, since the count carries over exec: a benchmark runner of
100 MiB makes every command it starts look 100 MiB big. Started from this
small interpreter instead, the command's figure is its own (or this
wrapper's 10 MiB, whichever is more).
"""

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    print(usage.ru_maxrss)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The FIT import's floor: decoding the same file with the decoder alone, as myorec configures it.

``python fit_floor.py FILE.fit`` imports fitdecode and reads every frame of
the file with CRC checks off and no data processor (myorec's settings),
touching nothing: the least any FIT import built on fitdecode must do, in a
fresh interpreter as ``log import`` runs.
"""

import sys

import fitdecode


def main(path: str) -> None:
    with fitdecode.FitReader(
        path,
        check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.IGNORE,
        processor=None,
    ) as reader:
        for _frame in reader:
            pass


if __name__ == "__main__":
    main(sys.argv[1])

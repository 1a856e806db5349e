"""The Apple Health import's floor: inflating the export.xml inside export.zip, and nothing else.

``python zip_floor.py export.zip`` streams the member out of the zip in 1 MiB
pieces, as the import reads it, and drops them: the least any import of the
zip must do, in a fresh interpreter.
"""

import sys
import zipfile


def main(path: str) -> None:
    with zipfile.ZipFile(path) as archive, archive.open("apple_health_export/export.xml") as member:
        while member.read(1 << 20):
            pass


if __name__ == "__main__":
    main(sys.argv[1])

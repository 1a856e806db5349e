"""Files a command writes for the user: replaced whole, or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from myorec.errors import InputError


def write_page(path: Path, page: str, log: Path | None) -> None:
    """An HTML page written to ``path``, which must not be the log the page was made from."""
    if log is not None:
        from myorec.app.log import refuse_the_log_itself

        refuse_the_log_itself(log, path, "write the page to another file")
    replace_file(path, page, "write the page to another file")


def replace_file(path: Path, text: str, elsewhere: str = "export to another file") -> None:
    """Replace a file only once the whole export is written, so a failure never leaves half of one.

    The text goes to a temporary file beside the target (private to the user
    until it is complete), renamed over it at the end with the target's
    permissions. A symbolic link keeps pointing where it did (its target is
    replaced), a device or named pipe (``-o /dev/stdout``) is written
    directly, since renaming over one would replace it with a plain file, and
    a file the user may not write is refused rather than replaced; the
    message says what to do instead (``elsewhere``).
    """
    try:
        if _names_something_else(path):
            # Opened by the name as given: /dev/stdout resolves to /proc/self/fd/1 and then to
            # 'pipe:[N]', which names no file, though the kernel opens the link as the pipe.
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return
        target = path.resolve()
        if target.exists() and not os.access(target, os.W_OK):
            raise InputError(f"is read-only; {elsewhere} or make it writable", file=str(path))
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        handle_fd, partial_name = tempfile.mkstemp(
            dir=target.parent, prefix=".myorec-export-", suffix=".partial"
        )
        partial = Path(partial_name)
        try:
            with os.fdopen(handle_fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            partial.chmod(mode)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def _names_something_else(path: Path) -> bool:
    """Whether ``path`` exists and (through its links, as the kernel follows them) is no plain file."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _umask() -> int:
    """The process's file-creation mask (read by setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask

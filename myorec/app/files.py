"""Files a command writes for the user: replaced whole, or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
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

    The text is written as :func:`staged` writes (a temporary file renamed
    over the target when complete); a device or named pipe (``-o
    /dev/stdout``) is written directly, since renaming over one would replace
    it with a plain file. A file the user may not write is refused; the
    message says what to do instead (``elsewhere``).
    """
    try:
        if _names_something_else(path):
            # Opened by the name as given: /dev/stdout resolves to /proc/self/fd/1 and then to
            # 'pipe:[N]', which names no file, though the kernel opens the link as the pipe.
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return
        with (
            staged([path], elsewhere) as (partial,),
            partial.open("w", encoding="utf-8", newline="") as handle,
        ):
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


@contextmanager
def staged(
    paths: Sequence[Path], elsewhere: str = "export to another file", prefix: str = "export"
) -> Iterator[list[Path]]:
    """Temporary paths beside ``paths``, renamed over them together once the block completes.

    What a command writes goes to a temporary name (private to the user
    until it is complete) and is renamed over its target, with the target's
    permissions, only when the whole block succeeds; on any error every one
    of them is removed, so a failed run leaves no half of a file, and the
    files of one run appear together. A symbolic link keeps pointing where
    it did (its target is replaced); a file the user may not write, or a
    folder, is refused rather than replaced (``elsewhere`` says what to do).
    """
    targets = [path.resolve() for path in paths]
    for path, target in zip(paths, targets, strict=True):
        if target.exists() and not target.is_file():
            raise InputError(f"is not a plain file; {elsewhere}", file=str(path))
        if target.exists() and not os.access(target, os.W_OK):
            raise InputError(f"is read-only; {elsewhere} or make it writable", file=str(path))
    with ExitStack() as cleanup:
        partials = []
        for target in targets:
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".myorec-{prefix}-", suffix=".partial")
            os.close(handle)
            partial = Path(name)
            cleanup.callback(partial.unlink, missing_ok=True)
            partials.append(partial)
        yield partials
        for partial, target in zip(partials, targets, strict=True):
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
            partial.chmod(mode)
        for partial, target in zip(partials, targets, strict=True):
            os.replace(partial, target)


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

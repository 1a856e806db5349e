"""Files a command writes for the user: replaced whole, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from myorec.errors import InputError


def replace_file(path: Path, text: str) -> None:
    """Replace a file only once the whole export is written, so a failure never leaves half of one.

    The text goes to a temporary file beside the target (private to the user
    until it is complete), renamed over it at the end with the target's
    permissions. A symbolic link keeps pointing where it did (its target is
    replaced), a device or named pipe (``-o /dev/stdout``) is written
    directly, since renaming over one would replace it with a plain file, and
    a file the user may not write is refused rather than replaced.
    """
    target = path.resolve()
    try:
        if target.exists() and not target.is_file():
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return
        with staged([path]) as (partial,), partial.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def _umask() -> int:
    """The process's file-creation mask (read by setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staged(paths: Sequence[Path], purpose: str = "export") -> Iterator[list[Path]]:
    """Temporary paths beside ``paths``, renamed over them together once the block completes.

    What a command writes goes to a temporary name (private to the user
    until it is complete) and is renamed over its target, with the target's
    permissions, only when the whole block succeeds; on any error every one
    of them is removed, so a failed run leaves no half of a file, and the
    files of one run appear together. A symbolic link keeps pointing where
    it did (its target is replaced); a file the user may not write is refused
    rather than replaced.
    """
    targets = [path.resolve() for path in paths]
    for path, target in zip(paths, targets, strict=True):
        if target.exists() and not target.is_file():
            raise InputError("is not a plain file; write to a file", file=str(path))
        if target.exists() and not os.access(target, os.W_OK):
            raise InputError(f"is read-only; {purpose} to another file or make it writable", file=str(path))
    with ExitStack() as cleanup:
        partials = []
        for target in targets:
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".myorec-{purpose}-", suffix=".partial"
            )
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

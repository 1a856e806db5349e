"""``rules init``: a copy of the shipped rule set to edit, each file headed by where its format is told."""

from __future__ import annotations

from pathlib import Path

from myorec.core.text import printable
from myorec.errors import InputError, WouldOverwriteError
from myorec.rulefolder.locate import default_rules_dir


def init_header(target: Path) -> str:
    """The comment ``rules init`` puts at the top of each copied file."""
    # A line break in the folder's name would end the comment and put the rest into the TOML.
    return (
        "# Copied from myorec's shipped rules by 'myorec rules init'; edit freely.\n"
        '# Format: the "Rule files" section of the myorec README.\n'
        f"# Check your edits with: myorec rules check {printable(str(target))}\n\n"
    )


def copy_default_rules(target: Path, force: bool = False) -> list[Path]:
    """Copy every file of the shipped rule set into ``target`` for editing.

    Nothing is written when any file already exists there, unless ``force``;
    a link in the way is replaced, never written through.
    """
    source = default_rules_dir()
    names = sorted(path.name for path in source.iterdir() if path.is_file() and not path.is_symlink())
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a folder", file=str(target))
    existing = [name for name in names if (target / name).exists() or (target / name).is_symlink()]
    folders = [name for name in existing if (target / name).is_dir() and not (target / name).is_symlink()]
    if folders:
        # --force replaces files, never a folder: refused before anything is written.
        raise InputError("is a folder; move it away to copy the rules here", file=str(target / folders[0]))
    if existing and not force:
        raise WouldOverwriteError(str(target), existing)
    # Every file's bytes are ready before the first is written: a folder name that is not UTF-8
    # (kept in the header with "?" in its place) must not leave half the set behind.
    header = init_header(target).encode("utf-8", errors="replace")
    # The notes beside the rules (EVIDENCE.md, CITATIONS.md) are for people, and copied as they are.
    contents = {
        name: (header if name.endswith(".toml") else b"") + (source / name).read_bytes() for name in names
    }
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in contents.items():
            destination = target / name
            if destination.is_symlink() or destination.is_file():
                destination.unlink()
            destination.write_bytes(content)
            written.append(destination)
    except OSError as exc:
        raise InputError(f"cannot write the rule files: {exc.strerror or exc}", file=str(target)) from None
    return written

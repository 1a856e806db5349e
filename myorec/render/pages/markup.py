"""HTML built from escaped parts: the only place text becomes markup.

:data:`Html` marks a string that is already markup. Plain text (a session
name, a rule's advice from a user's rule folder) becomes Html only through
:func:`text`, which escapes it, and elements only through :func:`element` and
:func:`shape`, which escape attribute values too; mypy then refuses a plain
``str`` where markup is expected, so no user-supplied string reaches a page
unescaped.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Mapping
from pathlib import Path
from string import Template
from typing import NewType

from myorec.core.text import terminal_text

Html = NewType("Html", str)

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: HTML elements that never have content or an end tag.
_VOID = frozenset({"br", "col", "hr", "meta", "wbr"})


def text(value: object) -> Html:
    """Any value as text on a page: escaped, with what a terminal could act on shown as ``?``.

    The one policy of every myorec output (:func:`~myorec.core.text.terminal_text`):
    a name shows the same on a page as in ``log list``, and a page printed with
    ``--html -`` is as safe on a terminal as any other output. It also keeps
    out what HTML5 forbids (controls, noncharacters); line breaks and tabs stay.
    """
    return Html(html.escape(terminal_text(str(value)), quote=True))


def number(value: float) -> str:
    """A coordinate or size for SVG: at most one decimal, no trailing zeros (``12``, ``12.5``)."""
    rounded = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if rounded == "-0" else rounded


def _attributes(attributes: Mapping[str, object]) -> str:
    """`` name="value"`` for each attribute; None and False leave it out, True writes the bare name.

    A keyword's underscores become hyphens and a trailing one is dropped
    (``class_`` is ``class``, ``aria_hidden`` is ``aria-hidden``).
    """
    parts = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if value is True:
            parts.append(f" {name}")
        else:
            shown = number(value) if isinstance(value, float) else value
            parts.append(f' {name}="{text(shown)}"')
    return "".join(parts)


def element(tag: str, *children: Html, **attributes: object) -> Html:
    """``<tag attr="...">children</tag>`` (a void element such as ``meta`` has no end tag)."""
    if tag in _VOID:
        return Html(f"<{tag}{_attributes(attributes)}>")
    return Html(f"<{tag}{_attributes(attributes)}>{''.join(children)}</{tag}>")


def shape(tag: str, **attributes: object) -> Html:
    """An SVG element without content, self-closed (``<circle .../>``), as HTML5 allows inside SVG."""
    return Html(f"<{tag}{_attributes(attributes)}/>")


def join(parts: Iterable[Html], separator: Html = Html("")) -> Html:
    return Html(separator.join(parts))


def lines(parts: Iterable[Html]) -> Html:
    """Elements one per line, so that a page's source reads and diffs line by line."""
    return join(parts, Html("\n"))


def definitions(pairs: Iterable[tuple[str, Html]], **attributes: object) -> Html:
    """A ``<dl>`` of term and description pairs, each pair in a ``<div>`` so that CSS can lay it out."""
    items = (
        element("div", lines((element("dt", text(term)), element("dd", value)))) for term, value in pairs
    )
    return element("dl", lines(items), **attributes)


@functools.cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def fill(name: str, parts: Mapping[str, Html]) -> Html:
    """Template ``name`` with each ``$key`` replaced by markup; a missing key is an error, not a blank."""
    return Html(_template(name).substitute(parts))


def page(title: str, body: Html) -> str:
    """A whole HTML5 document: ``templates/page.html`` with the stylesheet and ``body``.

    The stylesheet is package data too, and holds no user text.
    """
    style = Html((TEMPLATES / "page.css").read_text(encoding="utf-8").strip())
    return fill("page.html", {"title": text(title), "style": style, "body": body})

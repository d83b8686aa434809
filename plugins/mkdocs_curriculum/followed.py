"""Third-party code that a speed-up of this package stands in for, held to the letter.

Several pieces of this package give what a routine of Python-Markdown, pymdownx, MkDocs or
Material gives, sooner (markdown_inline, markdown_speed, the kits' handover in markdown_html,
page_render, search_text). Each was written against one version of that routine: it works
only while the routine's source is the one it read (its digest), and leaves the work to the
routine itself otherwise.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from functools import cache


def source_digest(*parts: object) -> str:
    """sha256 of the source of each part (a class, a function; a text as it is); "" where a
    part's source cannot be read (an install without its .py files), which no speed-up was
    written against."""
    try:
        texts = [part if isinstance(part, str) else inspect.getsource(part) for part in parts]
    except (OSError, TypeError):
        return ""
    return hashlib.sha256("\0".join(texts).encode("utf-8")).hexdigest()


def quick_paths(digests: dict[str, str], sources: Callable[[str], list]
                ) -> tuple[Callable[[str], str], Callable[[str], bool]]:
    """`fingerprint(name)` and `follows(name)` for a module's quick paths, each by name:
    `sources(name)` is what quick path `name` relies on (the routine it stands in for, and
    what decides that routine's output), `digests[name]` the digest of those it was written
    against. `follows` remembers its answers (`follows.cache_clear()` forgets them)."""

    def fingerprint(name: str) -> str:
        """sha256 of the source of what quick path `name` relies on."""
        return source_digest(*sources(name))

    @cache
    def follows(name: str) -> bool:
        """Whether what quick path `name` relies on is what it was written against."""
        return fingerprint(name) == digests[name]

    return fingerprint, follows

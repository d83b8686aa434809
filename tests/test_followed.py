"""The digest a speed-up checks before standing in for third-party code (followed.py)."""

from __future__ import annotations

import hashlib

from mkdocs_curriculum.followed import source_digest


def _example(value: int) -> int:
    return value + 1


def test_the_digest_is_of_the_source_and_texts_as_written():
    import inspect

    expected = hashlib.sha256(f"{inspect.getsource(_example)}\0a pattern".encode()).hexdigest()
    assert source_digest(_example, "a pattern") == expected
    assert source_digest(_example, "another pattern") != expected


def test_code_whose_source_cannot_be_read_follows_nothing():
    # A builtin has no Python source, as a routine installed without its .py files: no speed-up
    # may claim to follow it, and nothing fails.
    assert source_digest(len) == ""
    assert source_digest(_example, compile("1", "<none>", "eval")) == ""

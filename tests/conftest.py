import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _pages_converted_in_this_test_only(monkeypatch):
    """Each test starts with an empty in-process page cache: a page another test converted
    (the sample site is built by many) would otherwise be taken from memory, and a test that
    counts the pages it sees converted would see none."""
    from mkdocs_curriculum import page_cache

    monkeypatch.setattr(page_cache, "_MEMORY", {})

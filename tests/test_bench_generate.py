"""The benchmarks' generated curricula (bench/generate.py) are valid at every size: a bench that
fails on its own input measures nothing."""

from __future__ import annotations

import sys

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.validate import check_project

from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))

from generate import SAMPLE_MODULES, generate  # noqa: E402


@pytest.mark.parametrize("count", [1, 5, len(SAMPLE_MODULES) - 1, len(SAMPLE_MODULES) + 2])
def test_a_generated_curriculum_of_any_size_checks_without_errors(tmp_path, count):
    root = generate(tmp_path, count)
    curriculum, problems = check_project(read_layout(root / "mkdocs.yml")[0])
    assert [p.format() for p in problems if p.is_error] == []
    assert len(curriculum.modules) == count
    sessions = {p.name for p in (root / "curriculum/sessions").glob("*.yml")}
    if count >= len(SAMPLE_MODULES):  # every sample session, as before
        assert sessions == {p.name for p in (REPO / "curriculum/sessions").glob("*.yml")}


@pytest.mark.parametrize("count", [len(SAMPLE_MODULES), 30])
def test_the_serve_bench_edits_a_module_no_session_runs_and_one_that_sessions_run(tmp_path,
                                                                                  count):
    from serve_bench import edited_modules

    root = generate(tmp_path, count)
    sessions = "".join(p.read_text("utf-8") for p in (root / "curriculum/sessions").glob("*"))
    quiet, in_session = edited_modules(root)
    assert (quiet / "overview.md").is_file() and f"module: {quiet.name}\n" not in sessions
    assert (in_session / "overview.md").is_file() and f"module: {in_session.name}\n" in sessions


def test_every_generated_document_has_a_text_of_its_own(tmp_path):
    """A real curriculum's documents differ; copies of the sample's must too, or a memo keyed by
    a document's text alone would find one copy's work in another's and flatter the tool."""
    count = 2 * len(SAMPLE_MODULES) + 3
    documents = sorted((generate(tmp_path, count) / "modules").rglob("*.md"))
    texts = [path.read_text(encoding="utf-8") for path in documents]
    assert len(documents) > 2 * len(list((REPO / "modules").rglob("*.md")))
    assert len(set(texts)) == len(texts)
    copy = next(path for path in documents if path.parent.name.endswith("-b2"))
    assert "(copy 3)" in copy.read_text(encoding="utf-8")

"""Every link and image of the authors' Markdown, followed: a rule of `check`.

A link names a source file as it lies on disk (or the address of a page that has no source
file, such as the catalog); its `#fragment` names a heading of that file. What this rule passes,
the site, the export and the packets can all resolve (they ask the same `SiteMap`), so a clean
`check` means no dead link anywhere. A missing target is reported at the link's line, with the
closest file that exists.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from .addresses import ABSOLUTE, RELATIVE, SELF, SiteMap, Target, authored_documents
from .markdown_links import Link, document_ids, find_links
from .model import Curriculum, Document
from .problems import WARNING, Problem, did_you_mean
from .rebuild import LastCall


def link_problems(curriculum: Curriculum, known: Mapping[str, list[Link]] | None = None
                  ) -> Iterator[Problem]:
    """Every link and image of every authored Markdown file that leads nowhere. `known`: the
    links of documents (by file) found already, where their module was loaded."""
    site = SiteMap.of(curriculum)
    documents = authored_documents(curriculum)
    ids = _Ids({doc.file: doc for doc in documents})
    known = known or {}
    for doc in documents:
        links = known[doc.file] if doc.file in known else find_links(doc.text)
        for link in links:
            problem = _problem(doc, link, Target.of(link.target), site, ids, curriculum.root)
            if problem is not None:
                yield problem


_IDS = LastCall()
"""`document_ids` by the document's text, of the last check that asked (`_Ids`)."""


class _Ids:
    """The ids of each document, worked out the first time a fragment asks for them: a
    Markdown parse of the document (~10 ms), remembered by its text for the next check, so
    that a rebuild under `mkdocs serve` parses again only the documents that changed."""

    def __init__(self, documents: dict[str, Document]) -> None:
        self.documents = documents
        _IDS.next_call()

    def of(self, source: str | None) -> set[str] | None:
        """The ids of the page made from `source`; None if that is not an authored document."""
        if source not in self.documents:
            return None
        text = self.documents[source].text
        return _IDS.value(text, partial(document_ids, text))


def _problem(doc: Document, link: Link, target: Target, site: SiteMap, ids: _Ids,
             root: Path) -> Problem | None:
    def problem(message: str, severity: str = "error") -> Problem:
        return Problem(doc.file, link.line, link.field, message, None, severity)

    if target.kind == ABSOLUTE:
        return problem(f"'{link.target}' is an absolute path, which breaks when the site is not"
                       " at the root of its server; write the path of the file from this one",
                       WARNING)
    if target.kind == SELF:
        return _fragment_problem(problem, target.fragment, ids.of(doc.file), "this file")
    if target.kind != RELATIVE:
        return None
    entry = site.resolve(doc.file, target)
    if entry is None:
        return problem(_missing(doc.file, target, site, root))
    shown = link.target.split("#")[0].split("?")[0]
    return _fragment_problem(problem, target.fragment, ids.of(entry.source), f"'{shown}'")


def _fragment_problem(problem, fragment: str, ids: set[str] | None, where: str):
    if not fragment or ids is None or fragment in ids:
        return None
    hint = did_you_mean(f"#{fragment}", [f"#{known}" for known in ids], "'")
    return problem(f"no heading '#{fragment}' in {where}{hint}")


def _missing(source: str, target: Target, site: SiteMap, root: Path) -> str:
    """Why a relative target leads nowhere: no such file (and the closest that exists), a
    folder, or a file that is not published."""
    folder = posixpath.dirname(source)
    path = Path(root, posixpath.normpath(posixpath.join(folder, target.path)))
    if target.path.endswith("/") or path.is_dir():
        return f"'{target.path}' is a folder; link to a file in it"
    if path.is_file():
        return (f"'{target.path}' is not published: the site holds the modules' and guides'"
                " pages, the files beside them and the docs folder")
    known = [posixpath.relpath(published, folder or ".") for published in site.by_source]
    hint = did_you_mean(target.path, known, "'")
    return f"no such file '{target.path}'{hint}"


def locate_link(curriculum: Curriculum, page: str, written: str,
                directory_urls: bool = True) -> tuple[str, int] | None:
    """Where the author wrote the link that the page at address `page` holds as `written`:
    (source file, line), line 0 if the file is known but not the line; None for a page made
    from no author's file. So a warning about a built page can name what the author wrote."""
    site = SiteMap.of(curriculum)
    entry = site.by_uri.get(page)
    doc = next((d for d in authored_documents(curriculum)
                if entry is not None and d.file == entry.source), None)
    if doc is None:
        return None
    for link in find_links(doc.text):
        target = Target.of(link.target)
        emitted = site.site_link(doc.file, target, link.html, directory_urls) or link.target
        if unquote(emitted) == unquote(written):
            return doc.file, link.line
    return doc.file, 0

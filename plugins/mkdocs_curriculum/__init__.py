"""mkdocs-curriculum: a Relational Leadership curriculum as a site, learning paths and packets.

The package in six parts. Each line names a part and its modules (a `+` line names more);
tests/test_architecture.py reads these lines and fails when an import crosses a line it must
not cross (see there).

  load      model layout sources markdown_source markdown_links schema load scaffold language
            + cores markdown_inline followed
            The authors' files: where they are (layout), how they are read (sources,
            markdown_source, markdown_links: every link written), what each field may hold
            (schema) and the model they become; the words the tool prints, in the
            curriculum's language (language); the large pure pieces of a build's work on
            every core (cores: forked processes); Python-Markdown's inline patterns tried
            faster, the same HTML, in every conversion this package runs (markdown_inline);
            the digest of third-party code a speed-up follows to the letter (followed).
  rules     problems validate links deidentify leaks
            Problem, the one error type, and the rules across files that loading cannot see
            (links: every link and image of the authors' Markdown followed; deidentify: the
            scan of participants' text for patient identifiers; leaks: the one check that
            nothing participants read holds facilitator-only text).
  assembly  assemble addresses
            What pages and packets print, computed once: agendas, materials, totals, facts;
            where each source is published (addresses: the one map from a source file to its
            page or file in the site, which every link resolves through).
  site      templates render nav export calendars run_of_show planner
            + rebuild search_text
            The site as Markdown pages from Jinja2 templates, its navigation, the export;
            the sessions' calendars (calendars: iCalendar files beside the session pages) and
            the agenda as data for the run-of-show view and the room's screen (run_of_show);
            the session planner's data, kits and print view (planner: the page plans in the
            browser, with assets/planner-core.js, a port of assembly that tests hold to it);
            what an edit touches under `mkdocs serve` (rebuild: the keys of pages and the
            packets a changed file reaches); the search index's sections of a page, read
            as Material's search parser reads them, faster (search_text).
  packets   packet_contract markdown_html markdown_support packet_links packet_html packet
            + certificate markdown_speed markdown_tree
            Session packets: what one is (editions, parts, file names), HTML from templates,
            links and figures on paper (packet_links), tagged and reproducible PDFs with
            WeasyPrint, the cache; a module's handouts alone; the Markdown extension they
            share with the site (markdown_support: `!!! support` boxes get the contacts);
            certificates of attendance, printed the same way (certificate); quicker
            answers for a few of Python-Markdown's routines, same output, in every
            conversion of pages and packets (markdown_speed; markdown_tree: its tree stages,
            the block loop, unescaping, prettifying, attribute lists and the serializer).
  faces     config cli plugin serve page_cache page_render nav_memo pages_beside
            The edges: mkdocs.yml and the plugin's options, the `curriculum` command, the
            MkDocs plugin, its part of `mkdocs serve` (serve: rebuild what an edit changed),
            its cache of converted pages (page_cache; page_render: MkDocs' conversion of a
            page with one Markdown instance for all of them), its memo of Material's navigation
            (nav_memo) and the last pages' templates rendered in a forked copy of the build
            (pages_beside). Only they import MkDocs and print or log problems.

Everything but the faces is the core: plain values in, plain values out, no MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"

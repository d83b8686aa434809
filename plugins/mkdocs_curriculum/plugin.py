"""The MkDocs plugin `curriculum`: translates MkDocs events into calls of the core.

Nothing else lives here. The core loads, validates and renders; this file logs its problems
the MkDocs way (errors abort the build, warnings fail `--strict`), adds the rendered pages as
virtual files, hands MkDocs the navigation and wires `mkdocs serve`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import cores, pages_beside
from .addresses import SiteMap, published_files
from .config import CurriculumConfig, output_folder_problems, plugin_layout
from .language import labels_for, theme_language
from .layout import Web
from .leaks import LeakCheck
from .links import locate_link
from .markdown_inline import NAME as INLINE_EXTENSION
from .markdown_speed import NAME as SPEED_EXTENSION
from .markdown_support import NAME as SUPPORT_EXTENSION
from .markdown_support import support_config
from .model import Curriculum
from .nav import nav_pages, site_nav
from .nav_memo import install as remember_navigation
from .packet import Ahead, site_packet_jobs, write_site_packets
from .page_cache import PageCache, index_from_cache, quick_search_hook
from .planner import KITS_APART_FROM, planner_files
from .problems import Problem, ProblemError
from .render import THEME_WORDS, render_site, site_assets, theme_words, with_permalink_title
from .serve import ServedSite
from .validate import check_project

log = logging.getLogger("mkdocs.plugins.curriculum")
_DOC_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?P<rest>(?:a|an absolute|"
                       r"an unrecognized relative) link '(?P<link>[^']*)'.*)", re.DOTALL)


class _AuthorsLines(logging.Filter):
    """MkDocs names the page it built in its warnings about links; authors need the file and
    line they wrote (`modules/x/facilitator.md:12: link: ...`), which the core can locate."""

    plugin: CurriculumPlugin | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        match = _DOC_LINK.match(record.getMessage())
        if match and self.plugin is not None:
            plugin = self.plugin
            where = locate_link(plugin.curriculum, match["page"], match["link"],
                                plugin.layout.web.directory_urls)
            if where is not None:
                place = f"{where[0]}:{where[1]}" if where[1] else where[0]
                record.msg, record.args = f"{place}: link: {match['rest']}", ()
        return True


_AUTHORS_LINES = _AuthorsLines()


class CurriculumPlugin(BasePlugin[CurriculumConfig]):
    """Loads the curriculum once per build and reports every problem before anything renders."""

    served: ServedSite | None = None
    """Under `mkdocs serve`, the previous build, from which the next rebuilds what changed."""

    # A plugin with on_startup is kept across serve's rebuilds (MkDocs' plugin cache), so the
    # instance remembers the previous build.
    def on_startup(self, *, command, dirty) -> None:
        self.served = ServedSite() if command == "serve" else None

    def on_shutdown(self) -> None:
        if self.served is not None:
            self.served.close()
        self.served = None

    # Before the search plugin's on_config, which reads the theme's language.
    @event_priority(50)
    def on_config(self, config):
        config_file = Path(config.config_file_path)
        self.layout = plugin_layout(config_file.parent, self.config, pages_dir=config.docs_dir,
                                    site_dir=config.site_dir, custom_dir=config.theme.custom_dir,
                                    config_file=config_file,
                                    web=Web(config.site_url or None, config.use_directory_urls))
        # Under `mkdocs serve` the modules are loaded here, not in forked processes (forking
        # the serve process, which holds the previous build, was not found to pay), and only
        # those whose folder changed since the previous build.
        kept = self.served.modules if self.served is not None else None
        self.curriculum, problems = check_project(self.layout, pooled=kept is None, kept=kept)
        self.leaks: list[Problem] = []  # the planner's, found in on_files
        _AUTHORS_LINES.plugin = self
        logging.getLogger("mkdocs.structure.pages").addFilter(_AUTHORS_LINES)
        _report(problems + output_folder_problems(self.layout))
        _set_theme_language(config.theme, self.curriculum.language)
        _add_support_extension(config, self.curriculum)
        _add_speedups(config)
        _add_theme_words(config, self.curriculum)
        if self.served is not None:
            self.served.begin(self.layout)
            self.served.compile_once(config.theme)
        return config

    # After every plugin's on_config and on_pre_build: the kits start as soon as what they
    # are made of is settled, beside the rest of the build (the site folder cleaned, the
    # theme's files listed, the pages rendered).
    @event_priority(-100)
    def on_pre_build(self, config) -> None:
        cores.hold_still()  # the curriculum, until on_post_build
        # One leak check for the build: the screens, the planner's kits and the packets look
        # for the same passages, and what the authors wrote for all is gathered once.
        self.leak_check = LeakCheck.of(self.curriculum)
        # use_directory_urls as it stands now, for the calendars, the planner and the packets:
        # Material's offline plugin turns it off after this plugin's on_config has run.
        web = replace(self.layout.web, directory_urls=config.use_directory_urls)
        self.layout = replace(self.layout, web=web)
        self.ahead = self._packets_ahead()
        self.planner = self._plan_kits(web)

    def _packets_ahead(self) -> Ahead | None:
        """Under `mkdocs serve`, the packets this build writes, the renders of the changed
        ones started beside the pages (packet.RendersAhead); written in on_post_build."""
        if self.served is None or not self.config.packets:
            return None
        made = partial(site_packet_jobs, self.curriculum, self.layout, self.config.paper,
                       self.served.packet_scope(self.curriculum), self.leak_check)
        return self.served.renderer.start(made, self.layout.cache_dir)

    def on_files(self, files: Files, config) -> Files:
        try:
            pages = render_site(self.curriculum, config.use_directory_urls,
                                self.layout.site_templates, self.config.packets,
                                leaks=self.leak_check,
                                kept=self.served.rendered if self.served else None)
        except ProblemError as err:
            self.planner.cancel()
            _report(err.problems)
        _drop_page_templates(files, self.layout.site_templates)
        authored = {f.src_uri for f in files.documentation_pages()}
        if self.config.nav:
            extra = sorted(authored - {"index.md", "about.md"} - set(pages))
            config.nav = site_nav(self.curriculum, extra)
        # Pages the nav leaves out (guides, handouts) are meant to be reached from their module
        # page; without a nav at all, MkDocs lists every page itself.
        listed = nav_pages(config.nav) if config.nav is not None else set(pages)
        for uri, text in pages.items():
            if uri in authored:
                log.warning(f"{self.layout.rel(Path(config.docs_dir) / uri)}: replaces the page"
                            " the curriculum generates at this address; rename it")
                continue
            inclusion = InclusionLevel.UNDEFINED if uri in listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=text, inclusion=inclusion))
        for uri, text in site_assets(self.curriculum, self.layout.web).items():
            files.append(File.generated(config, uri, content=text))
        if not self.planner.behind:
            self._publish_planner(files, config)
        for asset in published_files(self.curriculum):  # figures beside modules and guides
            files.append(File.generated(config, asset.uri, abs_src_path=str(asset.path)))
        self.site = SiteMap.of(self.curriculum)
        if self.served is not None:
            self.served.files(files, config)
        return files

    def _plan_kits(self, web: Web) -> cores.Later[tuple[dict[str, str], list[Problem]]]:
        """The planner's files, the largest work of on_files (a Markdown render of every
        module's documents in two editions): for a large curriculum, a forked process makes
        them while this one converts and writes the pages, and they are published after the
        pages (`_publish_planner`). Under `mkdocs serve` they are made here, where the
        planner remembers the kits for the next rebuild."""
        made = partial(_planner, self.curriculum, web, self.config.paper,
                       self.layout.packet_templates, self.served is not None, self.leak_check)
        return cores.later(made, worth_it=self.served is None
                           and len(self.curriculum.modules) >= KITS_APART_FROM)

    def _publish_planner(self, files: Files, config) -> None:
        """The planner's files into the site (or its leaks, and none of it: `_planner`);
        written here when MkDocs has written the others already."""
        late = self.planner.behind
        made, self.leaks = self.planner.result()
        for uri, text in made.items():
            file = File.generated(config, uri, content=text)
            files.append(file)
            if late:
                file.copy_file()

    def on_build_error(self, error) -> None:
        planner = getattr(self, "planner", None)
        if planner is not None:
            planner.cancel()
        ahead = getattr(self, "ahead", None)
        if ahead is not None:
            ahead.cancel()
        self._pages_written()

    @event_priority(-100)  # after every plugin changed the navigation and the files
    def on_nav(self, nav, config, files):
        self.nav = nav
        self.pages = PageCache(self.layout.cache_dir / "markdown")
        self.pages.begin_build(config, files)
        if self._converts_ahead(config):
            converted = self.served.converts if self.served is not None else None
            ahead = _final_markdown(config, files, converted, self.on_page_markdown)
            self.pages.convert_missing(ahead, config, files)
        return nav

    def _converts_ahead(self, config) -> bool:
        """Reading every page ahead pays only when a pool converts them: on one core (or
        without fork), MkDocs reads and converts them once, as it would without the cache.
        And only when this plugin alone changes the Markdown: another plugin's (or hook's)
        `on_page_markdown` would run twice on every page, ahead and again from MkDocs, and
        write its warnings twice."""
        hooks = config.plugins.events["page_markdown"]
        return self.config.convert_ahead and cores.available() > 1 \
            and all(getattr(hook, "__self__", None) is self for hook in hooks)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        self.pages.attach(page, config, files)
        # The author's own pages in the docs folder link to source files too.
        if page.file.generated_by is not None or page.file.abs_src_path is None:
            return markdown
        source = self.layout.rel(Path(page.file.abs_src_path))
        return self.site.rewrite(source, markdown, config.use_directory_urls)

    def on_env(self, env, config, files):
        cores.hold_still()  # and the pages, converted
        self.files = files
        if self.served is not None:
            self.served.pages_converted(files, self.nav, config)
            self.served.before_writing(files)
        remember_navigation(env)
        index_from_cache(config, self.pages)
        quick_search_hook(config)
        self.beside = pages_beside.RenderedBeside(env, config, files, self.nav) \
            if self._renders_beside(config, files) else None
        return env

    def _renders_beside(self, config, files: Files) -> bool:
        """The last pages' templates are rendered in a forked copy of the build
        (`pages_beside`) for a large site of small pages (Material's `navigation.prune`),
        on more than one core, and when every hook that runs among the pages is one known to
        work on each page alone. Not under `mkdocs serve`, which renders only the pages an
        edit changed."""
        return self.served is None and cores.available() > 1 \
            and len(files.documentation_pages()) >= pages_beside.BESIDE_FROM \
            and pages_beside.in_any_order(config) and pages_beside.small_pages(config, self.nav)

    def _pages_written(self) -> None:
        beside = getattr(self, "beside", None)
        if beside is not None:
            beside.finish()
        self.beside = None
        cores.let_go()

    # After the search plugin wrote its index, which a rebuild completes.
    @event_priority(-50)
    def on_post_build(self, config) -> None:
        cores.no_collection_at_exit()
        self._pages_written()
        if self.planner.behind:
            self._publish_planner(self.files, config)
        log.debug(f"curriculum: {self.pages.misses} page(s) converted, {self.pages.hits} from"
                  " the cache")
        self.pages.keep_only([f.page for f in self.files.documentation_pages() if f.page])
        if self.served is None or not self.served.incremental:
            self.pages.prune()  # serve's first build does, not each rebuild (1,971 files read)
        if self.served is not None:
            self.served.search_index(config, self.files)
        # After MkDocs wrote the site: packets go next to their session pages. The planner's
        # leaks (on_files) are reported with the packets', so that one run names every leak.
        if not self.config.packets:
            _report(self.leaks)
        else:
            try:  # under serve, the jobs and scope are those made ahead (`_packets_ahead`)
                done = write_site_packets(self.curriculum, self.layout, self.config.paper,
                                          log.info, leaks=self.leak_check, ahead=self.ahead)
            except ProblemError as err:
                _report(self.leaks + err.problems)
                return
            _report(self.leaks + done.problems)  # warnings about the cache
        if self.served is not None:
            self.served.finish(self.curriculum, self.config.packets)

    def on_serve(self, server, config, builder):
        for folder in (self.layout.curriculum_dir, self.layout.modules_dir):
            if folder.is_dir():
                server.watch(str(folder))
        if self.served is not None:
            server.builder = self.served.rebuilder(server.builder)
        return server


def _planner(curriculum: Curriculum, web: Web, paper: str, overrides: Path, remember: bool,
             leaks: LeakCheck) -> tuple[dict[str, str], list[Problem]]:
    """The planner's files; or, when a participant kit holds facilitator text, none of them
    and the problems that say so (reported with the packets', in on_post_build)."""
    try:
        return planner_files(curriculum, web, paper, overrides, remember=remember,
                             leaks=leaks), []
    except ProblemError as err:
        return {}, err.problems


def _final_markdown(config, files, converted: Callable[[File], bool] | None,
                    hook: Callable) -> list:
    """Every page MkDocs will convert (under serve, those `converted` says an edit changed)
    with its Markdown as MkDocs will convert it (after `hook`, the one `on_page_markdown`),
    read ahead so that the cache can convert the missing ones at once."""
    pages = [file.page for file in files.documentation_pages()
             if file.page is not None and (converted is None or converted(file))]
    for page in pages:
        page.read_source(config)
        page.markdown = hook(page.markdown, page, config, files)
    return pages


def _add_support_extension(config, curriculum: Curriculum) -> None:
    """`!!! support` boxes in every page get the curriculum's contacts."""
    if SUPPORT_EXTENSION not in config.markdown_extensions:
        config.markdown_extensions.append(SUPPORT_EXTENSION)
    title = labels_for(curriculum.language)("support.title")
    config.mdx_configs[SUPPORT_EXTENSION] = support_config(curriculum.support, title)


def _add_speedups(config) -> None:
    """Every page converts sooner, to the same HTML: quick answers for some of Python-
    Markdown's routines (markdown_speed), and its inline patterns tried faster, last, so that
    it sees the inline stage every other extension leaves (markdown_inline). Not in
    `curriculum export`'s mkdocs.yml, which is made from the project's own."""
    for name in (SPEED_EXTENSION, INLINE_EXTENSION):
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def _add_theme_words(config, curriculum: Curriculum) -> None:
    """The words the theme's templates and the headings' permalinks print, in the
    curriculum's language."""
    config.extra[THEME_WORDS] = theme_words(curriculum)
    if "toc" in config.markdown_extensions:
        config.mdx_configs["toc"] = with_permalink_title(config.mdx_configs.get("toc") or {},
                                                         curriculum)


def _set_theme_language(theme, code: str) -> None:
    """Material's own words (search, navigation) follow the curriculum's language, in the
    closest translation the theme has (`partials/languages/<code>.html`)."""
    folders = [Path(folder) / "partials" / "languages" for folder in theme.dirs]
    if any(folder.is_dir() for folder in folders):
        theme["language"] = theme_language(
            code, lambda name: any((folder / f"{name}.html").is_file() for folder in folders))


def _drop_page_templates(files: Files, templates: Path) -> None:
    """MkDocs copies every file of the theme folder into the site; not our page templates."""
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if source is not None and source.is_relative_to(templates):
            files.remove(file)


def _report(problems: list[Problem]) -> None:
    """One log line per problem; any error aborts the build (exit 1, no traceback)."""
    for problem in problems:
        (log.error if problem.is_error else log.warning)(problem.format())
    errors = sum(problem.is_error for problem in problems)
    if errors:
        raise PluginError(f"curriculum: {errors} error(s); see above")

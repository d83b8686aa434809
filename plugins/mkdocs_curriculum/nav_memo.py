"""The navigation rendered at the cost of what a page shows, with or without `navigation.prune`.

Material renders the whole navigation into every page: without `navigation.prune`, a site of
500 modules renders some 2,000 items per page, and most of a build goes there. Yet only the
branch that leads to the page differs from one page to the next; every other item renders
the same everywhere but for its links, which MkDocs makes relative to the page. So each item
off the open branch is rendered once, with its links written from the site's root behind a
marker, and each page gets that HTML with the marker replaced by its way back to the root
(`../../`): links that reach the same pages as Material's.

Material's templates stay Material's: on the way from the theme folder to Jinja, its two
recursive calls (`partials/nav.html`, `partials/nav-item.html`) go through `NavMemo`. A theme
whose templates do not hold those calls is left as it is.
"""

from __future__ import annotations

import posixpath

import jinja2
from markupsafe import Markup

MARK = "\x00curriculum-root\x00/"
"""Stands for the page's way back to the site's root in the HTML of a remembered item."""
CALLS = {
    "partials/nav.html": ("{{ item.render(nav_item, path, 1) }}",
                          "{{ curriculum_nav(item.render, nav_item, path, 1) }}"),
    "partials/nav-item.html": (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        '{{ curriculum_nav(render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'),
}


class NavMemo:
    """The HTML of each navigation item off the open branch, rendered once per build."""

    def __init__(self) -> None:
        self.html: dict[tuple, str] = {}
        self.depth = 0

    def show(self, page, render, item, path: str, level: int, parent=None) -> Markup:
        """Material's `render(item, path, level, parent)` as `page` shows it."""
        if item.active or page is None:  # the open branch (or the 404 page, whose links
            return render(item, path, level, parent)  # are absolute), as Material renders it
        key = (id(item), path, level, bool(parent is not None and parent.active))
        html = self.html.get(key)
        if html is None:
            self.depth += 1
            try:
                html = self.html[key] = str(render(item, path, level, parent))
            finally:
                self.depth -= 1
        return Markup(html if self.depth else html.replace(MARK, to_root(page.url)))

    def url_filter(self, original):
        """MkDocs' `url` filter, but from the root behind MARK inside a remembered item."""
        @jinja2.pass_context
        def url(context, value):
            if not self.depth:
                return original(context, value)
            path = original({"page": None, "base_url": ""}, value)
            if "://" in path or path.startswith(("/", "#", "mailto:", "data:")):
                return path
            return MARK + ("" if path == "." else path)
        return url


def to_root(page_url: str) -> str:
    """`../../` from `modules/x/`, `../` from `modules/x.html`, `./` from the home page."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return "../" * len([part for part in folder.split("/") if part]) or "./"


class _CallsThrough(jinja2.BaseLoader):
    """The theme's loader, with the navigation's recursive calls going through the memo."""

    def __init__(self, base: jinja2.BaseLoader) -> None:
        self.base = base

    def get_source(self, environment, template):
        source, filename, uptodate = self.base.get_source(environment, template)
        if template in CALLS:
            source = source.replace(*CALLS[template])
        return source, filename, uptodate

    def list_templates(self):
        return self.base.list_templates()


def install(env: jinja2.Environment) -> NavMemo | None:
    """Route the theme's navigation through a new memo; None when the theme's templates do
    not hold Material's calls (another theme, or an override written differently)."""
    try:
        found = all(CALLS[name][0] in env.loader.get_source(env, name)[0] for name in CALLS)
    except jinja2.TemplateNotFound:
        return None
    if not found:
        return None
    memo = NavMemo()

    @jinja2.pass_context
    def curriculum_nav(context, render, item, path, level, parent=None):
        return memo.show(context.get("page"), render, item, path, level, parent)

    env.loader = _CallsThrough(env.loader)
    if env.cache is not None:
        env.cache.clear()
    env.globals["curriculum_nav"] = curriculum_nav
    env.filters["url"] = memo.url_filter(env.filters["url"])
    return memo

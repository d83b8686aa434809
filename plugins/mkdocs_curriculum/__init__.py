"""mkdocs-curriculum: a Relational Leadership curriculum as a site, learning paths and packets.

The core (model, load, validate, assemble, render) never imports MkDocs; the MkDocs plugin and
the `curriculum` CLI are thin edges over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

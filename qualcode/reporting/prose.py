"""A researcher's own Markdown (an introduction or closing text of the synthesis) as HTML: CommonMark without raw
HTML, so a text can neither run script nor reach an external resource beyond what assert_self_contained allows."""

from __future__ import annotations

from functools import cache

from markupsafe import Markup


@cache
def _parser():  # type: ignore[no-untyped-def]  # markdown-it-py (MIT) comes with rich
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable("image")


def markdown_html(text: str) -> Markup:
    """The text's paragraphs, lists and emphasis as HTML (raw HTML in it is shown as text)."""
    return Markup(str(_parser().render(text)).strip())

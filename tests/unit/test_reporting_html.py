"""HTML reports must be self-contained: no scripts, styles, images or fonts loaded from elsewhere."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.reporting.html import assert_self_contained, external_resources

INLINE = """<!doctype html><html><head><style>body { font-family: serif; }</style></head>
<body><a href="https://example.org">bron</a><img src="data:image/png;base64,AAAA" alt=""></body></html>"""


def test_inline_css_images_and_plain_links_pass() -> None:
    assert_self_contained(INLINE)


@pytest.mark.parametrize("element", [
    '<link rel="stylesheet" href="https://cdn.example.org/style.css">',
    '<script src="//cdn.example.org/app.js"></script>',
    '<img src="figuur.png">',
    "<style>@import url('https://fonts.googleapis.com/css?family=Inter');</style>",
    '<style>@font-face { src: url(https://example.org/f.woff2); }</style>',
    '<div style="background: url(http://example.org/a.png)"></div>',
])
def test_external_resources_are_rejected(element: str) -> None:
    with pytest.raises(ProjectError, match="not self-contained"):
        assert_self_contained(INLINE.replace("</body>", element + "</body>"))


def test_the_line_of_each_reference_is_reported() -> None:
    html = '<html>\n<head>\n<link rel="stylesheet" href="https://x.org/s.css">\n</head></html>'
    assert external_resources(html) == [(3, "https://x.org/s.css")]


@pytest.mark.parametrize("element", [
    '<IMG SRC = "http://x/a.png">', "<img src\n=\n'a.png'>", '<img alt="x" srcset="a.png 1x, b.png 2x">',
    '<video POSTER="p.jpg"></video>', '<object DATA="a.swf"></object>', '<link rel="stylesheet" HREF="a.css">',
    '<p style="background:URL(a.png)">x</p>', "<style>@IMPORT 'a.css';</style>",
    '<img src' + ' ' * 60 + '="https://tracker.example/p.png">',
])
def test_the_quick_search_before_parsing_misses_no_spelling(element: str) -> None:
    # The parser only runs when a quick search finds something that could load: upper case, spaces around '=',
    # and a long attribute before it must not hide a reference from it.
    page = "<html><body><p class=\"num\">a = b</p>" + element + "</body></html>"
    assert external_resources(page)

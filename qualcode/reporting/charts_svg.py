"""A chart's shapes as SVG text: no script, no external reference; inline in HTML or a file next to Markdown."""

from __future__ import annotations

from qualcode.reporting.charts_draw import Drawing, Line, Rect, Text

FONT_FAMILY = "'DejaVu Sans', Verdana, 'Noto Sans', sans-serif"  # the widths the layout measured with come first


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shape(shape: Rect | Line | Text) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        return (f'<rect x="{_number(shape.x)}" y="{_number(shape.y)}" width="{_number(shape.width)}" '
                f'height="{_number(shape.height)}" fill="{shape.fill}"{stroke}/>')
    if isinstance(shape, Line):
        return (f'<line x1="{_number(shape.x1)}" y1="{_number(shape.y1)}" x2="{_number(shape.x2)}" '
                f'y2="{_number(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_number(shape.width)}"/>')
    attributes = f'font-size="{_number(shape.size)}"'
    if shape.anchor != "start":
        attributes += f' text-anchor="{shape.anchor}"'
    if shape.bold:
        attributes += ' font-weight="bold"'
    if shape.fill != "#1d2330":
        attributes += f' fill="{shape.fill}"'
    position = f'x="{_number(shape.x)}" y="{_number(shape.y)}"'
    if shape.upright:
        position += f' transform="rotate(-90 {_number(shape.x)} {_number(shape.y)})"'
    return f"<text {position} {attributes}>{_escape(shape.text)}</text>"


def drawing_svg(drawing: Drawing, identifier: str, *, standalone: bool = False) -> str:
    """Return an <svg> element titled for screen readers; standalone adds the namespace that a file of its own needs
    (inline in HTML it is implied, and the report holds no web address at all).

    identifier makes the ids of its title and description unique within one HTML page.
    """
    width, height = _number(drawing.width), _number(drawing.height)
    namespace = 'xmlns="http://www.w3.org/2000/svg" ' if standalone else ""
    parts = [f'<svg {namespace}viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-labelledby="{identifier}-title {identifier}-desc" '
             f'font-family="{_escape(FONT_FAMILY)}" fill="#1d2330">',
             f'<title id="{identifier}-title">{_escape(drawing.title)}</title>',
             f'<desc id="{identifier}-desc">{_escape(drawing.description)}</desc>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    parts.extend(_shape(shape) for shape in drawing.shapes)
    parts.append("</svg>")
    return "\n".join(parts)

"""A chart's shapes as a PNG (for Word), drawn with Pillow and the bundled DejaVu Sans: imported only for a chart.

Pillow's own default font has no ë or ï; the subsets in fonts/ cover Latin-1 and Latin Extended-A. The same
shapes give the same bytes: Pillow writes no time into a PNG.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from qualcode.reporting.charts_draw import Drawing, Line, Rect, Text

FONTS = Path(__file__).resolve().parent / "fonts"
SCALE = 2  # 640 CSS pixels become 1,280 pixels: about 200 dpi at a Word page's text width
# Flat fills and anti-aliased text need few colours: a 64-colour palette makes the file a third the size, and
# quantising costs less than Pillow's optimize=True, which took seconds a chart.
_COLOURS = 64
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold-subset.ttf" if bold else "DejaVuSans-subset.ttf"
    # CSS pixels are 1/96 inch and Pillow's sizes are pixels: a size of 11 is 11 CSS pixels, as in the SVG.
    return ImageFont.truetype(str(FONTS / name), size=round(size * SCALE))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=4096)
def _stamp(text: str, size: float, bold: bool, anchor: str,
           fraction: tuple[float, float]) -> tuple[Image.Image, int, int]:
    """The text's coverage as a mask, and where its anchor lies in it. A heat map of many gemeenten writes the same
    few counts thousands of times: rasterised once each (per sub-pixel position, so the result is the same)."""
    font = _font(size, bold)
    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    pad = 2
    x, y = pad - math.floor(left), pad - math.floor(top)
    mask = Image.new("L", (math.ceil(right - left) + 2 * pad + 1, math.ceil(bottom - top) + 2 * pad + 1), 0)
    ImageDraw.Draw(mask).text((x + fraction[0], y + fraction[1]), text, font=font, fill=255, anchor=anchor)
    return mask, x, y


def _text(image: Image.Image, draw: ImageDraw.ImageDraw, shape: Text) -> None:
    font = _font(shape.size, shape.bold)
    if not shape.upright:
        at_x, at_y = shape.x * SCALE, shape.y * SCALE
        mask, x, y = _stamp(shape.text, shape.size, shape.bold, _ANCHORS[shape.anchor],
                            (math.modf(at_x)[0], math.modf(at_y)[0]))
        corner_x, corner_y = int(at_x) - x, int(at_y) - y
        image.paste(_rgb(shape.fill), (corner_x, corner_y, corner_x + mask.width, corner_y + mask.height), mask)
        return
    # Turned text: drawn on its own transparent strip, rotated a quarter turn anticlockwise, pasted with its
    # baseline's start at (x, y) as the SVG's rotate(-90 x y) does.
    left, top, right, bottom = font.getbbox(shape.text, anchor="ls")
    strip = Image.new("RGBA", (max(1, round(right - left)), max(1, round(bottom - top))), (255, 255, 255, 0))
    ImageDraw.Draw(strip).text((-left, -top), shape.text, font=font, fill=(*_rgb(shape.fill), 255), anchor="ls")
    turned = strip.rotate(90, expand=True)
    # After the turn the strip's baseline origin (-left, -top) lies at (-top, width + left) of the turned image.
    x = round(shape.x * SCALE + top)
    y = round(shape.y * SCALE - (strip.width + left))
    image.paste(turned, (x, y), turned)


def drawing_png(drawing: Drawing) -> bytes:
    """Return the chart as PNG bytes, SCALE pixels per CSS pixel, on white."""
    image = Image.new("RGB", (round(drawing.width * SCALE), round(drawing.height * SCALE)), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            box = (shape.x * SCALE, shape.y * SCALE, (shape.x + shape.width) * SCALE - 1,
                   (shape.y + shape.height) * SCALE - 1)
            draw.rectangle(box, fill=_rgb(shape.fill), outline=_rgb(shape.stroke) if shape.stroke else None,
                           width=SCALE if shape.stroke else 0)
        elif isinstance(shape, Line):
            draw.line((shape.x1 * SCALE, shape.y1 * SCALE, shape.x2 * SCALE, shape.y2 * SCALE),
                      fill=_rgb(shape.stroke), width=max(1, round(shape.width * SCALE)))
        else:
            _text(image, draw, shape)
    output = BytesIO()
    palette = image.quantize(colors=_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    colours = palette.getpalette() or []
    # The octree averages white with its near neighbours (254, 254, 254): the page's own white again.
    palette.putpalette([255 if all(value >= 250 for value in colours[index - index % 3:index - index % 3 + 3])
                        else value for index, value in enumerate(colours)])
    palette.save(output, format="PNG")
    return output.getvalue()

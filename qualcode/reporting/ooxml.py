"""Byte-identical Office files: a fixed document timestamp and a normalised zip container."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

# Reports carry no wall-clock time unless one is asked for, so the same data gives the same bytes.
FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def document_time(timestamp: dt.datetime | None) -> dt.datetime:
    """Return the time to stamp in document properties: naive UTC, whole seconds, fixed unless one is given."""
    if timestamp is None:
        return FIXED_TIMESTAMP
    if timestamp.tzinfo is not None:
        timestamp = timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    return timestamp.replace(microsecond=0)


def normalise_zip(data: bytes) -> bytes:
    """Return the zip rewritten with fixed entry times and attributes, content types first, then sorted names."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    names = [name for name in _FIRST if name in contents]
    names += sorted(name for name in contents if name not in _FIRST)
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, contents[name], compresslevel=6)
    return output.getvalue()

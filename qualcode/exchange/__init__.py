"""Files in and out that are not reports: transcript readers (.pdf) and exchange formats; no SQL."""

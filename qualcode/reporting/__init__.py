"""Reports and documents: Jinja environment, context dataclasses and writers (md/html/docx/xlsx)."""

"""qualcode: code Dutch interview transcripts in the terminal and build cross-case synthesis reports."""

__version__ = "0.1.0"

"""The command line layer: argument parsing, commands and their printed output."""

from qualcode.cli.main import main

__all__ = ["main"]

"""Small shared pieces of the UI that screens and the app both need without importing each other."""

from __future__ import annotations


class Failed:
    """What QualcodeApp.guard() returns when the work raised; the error was already shown to the user."""


FAILED = Failed()

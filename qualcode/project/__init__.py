"""The use cases: the one API that the command line and the UI call."""

from qualcode.project.core import Project, find_project_root

__all__ = ["Project", "find_project_root"]

"""The use cases: the one API that the command line and the UI call, and the plain rows it returns."""

from qualcode.project.coding import UndoResult, excerpt
from qualcode.project.core import Project, find_project_root
from qualcode.project.retrieval import NO_CASE, CaseCodeMatrix
from qualcode.storage.records import CodeRow, CodingRow, DocumentProgress, DocumentRow, Passage

__all__ = ["NO_CASE", "CaseCodeMatrix", "CodeRow", "CodingRow", "DocumentProgress", "DocumentRow", "Passage",
           "Project", "UndoResult", "excerpt", "find_project_root"]

"""The Textual coding workbench (screens, widgets, styles); the only place that imports textual."""

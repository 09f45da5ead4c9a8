"""The only place with SQL: the SQLite store, its numbered migrations and the event log."""

"""Pure domain types and parsers: transcripts, codebooks, cases; no I/O."""

"""Cross-case analysis with pandas: frequencies, case x code matrices, co-occurrence, agreement."""

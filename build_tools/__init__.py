"""Build helpers for the MkDocs site (hooks, generated tables, chart, replies, screenshots)."""

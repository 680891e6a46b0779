"""Reporters: text (the copy desk's marks) and JSON (the CMS contract)."""

"""newslint: an editorial QA linter for Simplified Chinese news copy."""

__version__ = "0.2.0"

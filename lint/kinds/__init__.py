"""One module per rule kind; each exposes ``KIND`` (a lint.rules.Kind subclass)."""

"""The Finding record and the fix it may carry. Nothing else lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "suggestion"]
LEVELS: dict[str, int] = {"suggestion": 0, "warning": 1, "error": 2}
Safety = Literal["safe", "unsafe"]


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace text[offset:end_offset] (code points, end exclusive) with replacement."""

    offset: int
    end_offset: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    safety: Safety
    edits: tuple[Edit, ...]


# Slots: a finding-dense 10 MB file has hundreds of thousands (a dict each would be ~100 B more).
@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    level: Level
    offset: int
    end_offset: int
    message: str
    message_en: str = ""
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None
    source: str = ""
    confidence: float | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.offset, self.end_offset, self.rule)

"""The shape of lint/: no import circle, modules of a readable size, and a README map that cannot drift."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

LINT = ROOT / "lint"
MAX_LINES = 600
# Modules over MAX_LINES, each with the reason it is still one module.
OVERSIZE: dict[str, str] = {}


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(LINT.rglob("*.py")):
        rel = p.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def top_level_imports(path: Path, known: set[str]) -> set[str]:
    """Modules of lint imported at module level (not inside functions or TYPE_CHECKING blocks)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    pkg = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(pkg.split(".")[: len(pkg.split(".")) - node.level + 1] + ([base] if base else []))
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
            elif isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(node.orelse)
    visit(tree.body)
    return {m for m in found if m in known}


def test_no_import_circle() -> None:
    mods = modules()
    graph = {m: top_level_imports(p, set(mods)) - {m} for m, p in mods.items()}
    # a package's __init__ importing its own submodule is not a circle through the package
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if n.startswith(m + "."):
                continue
            if state.get(n) == 1:
                raise AssertionError("import circle: " + " -> ".join([*stack[stack.index(n):], n]))
            if n not in state:
                dfs(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            dfs(m)


def test_modules_stay_readable() -> None:
    over = {str(p.relative_to(ROOT)): n for p in LINT.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert set(over) <= set(OVERSIZE), f"over {MAX_LINES} lines without a reason: {sorted(set(over) - set(OVERSIZE))}"


def test_readme_layout_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout of the code", 1)[1].split("\n## ", 1)[0]
    block = "\n".join(ln.split("  ", 1)[0] if not ln.startswith("     ") else "" for ln in
                      (x[4:] for x in section.splitlines() if x.startswith("    ")))
    named = set(re.findall(r"(?:lint|rules|tests|bench|tools|docs)/\S*", block))
    for p in sorted(LINT.rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        folder = rel.rsplit("/", 1)[0] + "/"
        if p.name == "__init__.py" and rel != "lint/__init__.py" and folder not in named:
            raise AssertionError(f"README 'Layout of the code' does not name {folder}")
        if p.name != "__init__.py" and rel not in named and folder not in named:
            raise AssertionError(f"README 'Layout of the code' does not name {rel} (or its folder)")
    for name in named:
        assert (ROOT / name).exists(), f"README names {name}, which does not exist"

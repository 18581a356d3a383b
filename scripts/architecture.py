"""The figures of docs/architecture.md, measured (issue 15's note): app import cycles, the
largest functions and modules. `python -m scripts.architecture [--top N] [DIR]` prints them
for the tree at DIR (default: this checkout), so the note's "before" can be measured on an
older checkout too. The layering contract itself is `lint-imports` (pyproject.toml).

- cycles: pairs of apps that import each other (any module of one importing any module of
  the other, function-level imports included), from grimp's import graph — the library
  import-linter is built on;
- functions: every def (methods included) by its line count (decorators to the last line);
- modules: every .py by its line count. Migrations and tests are not counted.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import sys
from pathlib import Path

APPS = [
    "common",
    "jobs",
    "accounts",
    "branches",
    "ledger",
    "programs",
    "guarantees",
    "reports",
    "demo",
    "config",
]


def _sources(root: Path):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def app_cycles(root: Path) -> list[tuple[str, str]]:
    import grimp

    sys.path.insert(0, str(root))
    graph = grimp.build_graph(*[a for a in APPS if (root / a).is_dir()], cache_dir=None)
    present = [a for a in APPS if (root / a).is_dir()]
    pairs = []
    for a, b in itertools.combinations(present, 2):
        forward = graph.direct_import_exists(importer=a, imported=b, as_packages=True)
        backward = graph.direct_import_exists(importer=b, imported=a, as_packages=True)
        if forward and backward:
            pairs.append((a, b))
    return pairs


def largest_functions(root: Path, top: int) -> list[tuple[int, str]]:
    found = []
    for path in _sources(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                found.append((length, f"{path.relative_to(root)}:{node.lineno} {node.name}"))
    return sorted(found, reverse=True)[:top]


def largest_modules(root: Path, top: int) -> list[tuple[int, str]]:
    found = [
        (len(path.read_text(encoding="utf-8").splitlines()), str(path.relative_to(root)))
        for path in _sources(root)
    ]
    return sorted(found, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    cycles = app_cycles(root)
    print(f"app cycles: {len(cycles)}")
    for a, b in cycles:
        print(f"  {a} <-> {b}")
    print(f"largest functions (lines), top {args.top}:")
    for length, where in largest_functions(root, args.top):
        print(f"  {length:5d}  {where}")
    print(f"largest modules (lines), top {args.top}:")
    for length, where in largest_modules(root, args.top):
        print(f"  {length:5d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

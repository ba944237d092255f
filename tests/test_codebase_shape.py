"""The codebase keeps the shape of the design: no import cycles, no giant modules, typed stage signatures.

These checks read the source with :mod:`ast` (nothing is imported), so they are fast and exact.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyline"

#: The stages of the data flow: their public functions pass typed records, not report dicts.
STAGES = ("text", "ingest", "dedup", "stories", "align", "claims", "crosscheck", "summarize", "pipeline")
MAX_LINES = 600
#: Functions at a JSON edge of a stage, where a plain mapping is the honest type: serialising a record,
#: reading a raw input record, or fitted coefficients loaded from a data file.
EDGE_NAMES = {"to_json", "from_json", "to_dict", "from_dict"}
EDGE_FUNCTIONS = {
    "storyline.ingest.jsonl.pick", "storyline.ingest.jsonl.record_to_article",  # one raw JSONL input record
    "storyline.ingest.common.make_article",  # the raw metadata fields a reader found
    "storyline.align.weights.load", "storyline.align.weights.save",  # the fitted-weights data file
    "storyline.align.paraphrase.active_model", "storyline.align.paraphrase.paraphrase_features",  # coefficients
    "storyline.align.level.reuse_level",  # coefficients of the reuse-level model
    # the claims evaluation reads report.json stories: it judges the report itself
    "storyline.claims.evalsets.raised", "storyline.claims.evalsets.detected",
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (annotations only: never run, never a cycle)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of this package that ``name`` imports when it runs, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    skip = _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{alias.name}" for alias in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:  # "storyline.align.passages.align_story" -> the module
                t = t.rsplit(".", 1)[0] if "." in t else ""
            if t and t != name:
                found.add(t)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    mods = _modules()
    known = set(mods)
    graph = {}
    for name, path in mods.items():
        # a package's __init__ re-exporting its own modules is not a cycle of the data flow
        graph[name] = {m for m in _imports(name, path, known) if not name.startswith(m + ".")}
    assert _cycles(graph) == []


def test_no_module_over_600_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def _public_signatures(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            parts = [a.annotation for a in node.args.args + node.args.kwonlyargs if a.annotation is not None]
            parts += [node.returns] if node.returns is not None else []
            out += [(node.name, ast.unparse(a)) for a in parts]
    return out


def _report_dict(annotation: str) -> bool:
    """``dict[str, Any]``, ``Mapping[str, Any]`` or a bare ``dict``: a report row where a record belongs."""
    return bool(re.search(r"(?:dict|Mapping)\[str, (?:Any|object)\]|\bdict\b(?!\[)", annotation))


def test_stage_signatures_pass_records_not_report_dicts() -> None:
    offenders = []
    for name, path in _modules().items():
        stage = name.split(".")[1] if "." in name else ""
        if stage not in STAGES:
            continue
        offenders += [f"{name}.{fn}: {ann}" for fn, ann in _public_signatures(path)
                      if _report_dict(ann) and fn not in EDGE_NAMES and f"{name}.{fn}" not in EDGE_FUNCTIONS]
    assert offenders == []

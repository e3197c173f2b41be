"""The project's modules import each other without cycles, and the shell imports no app.

The import graph is read from the source with `ast`, not from what Python has loaded: every
`import` counts, inside a function too (a hidden import is still a dependency), unless its
line says why it is deferred with a `# deferred: …` comment. STYLE habits 16 and 17.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SHELL = "crm"
APPS = sorted(
    name
    for name in settings.INSTALLED_APPS
    if "." not in name and (ROOT / name / "apps.py").exists()
)
FEATURE_APPS = [app for app in APPS if app != SHELL]


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path, *, deferred_ok: bool = True) -> list[tuple[str, int]]:
    """(module imported, line) for every import in `path`, but those marked `# deferred:`
    when `deferred_ok`."""
    source = path.read_text()
    lines = source.splitlines()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from a import b` imports the module a.b when there is one, else a name of a.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        if deferred_ok and "# deferred:" in lines[node.lineno - 1]:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.append((name, node.lineno))
    return found


def _graph() -> dict[str, dict[str, int]]:
    return {module: dict(_imported(module, path)) for module, path in MODULES.items()}


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_graph_covers_every_app_and_resolves_relative_imports():
    graph = _graph()
    assert {module.partition(".")[0] for module in graph} == set(APPS)
    assert "crm.plugins" in graph["crm.navigation"]
    assert "customers.services.imports.columns" in graph["customers.forms.imports"]


def test_no_module_imports_itself_back_through_others():
    graph = _graph()
    described = [
        " ↔ ".join(component)
        + ": "
        + "; ".join(
            f"{source}:{line} → {target}"
            for source in component
            for target, line in sorted(graph[source].items())
            if target in component
        )
        for component in _cycles(graph)
    ]
    assert described == []


def test_a_cycle_is_found_when_there_is_one():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_shell_imports_no_feature_app():
    imports = [
        f"{module}:{line} imports {target}"
        for module, path in MODULES.items()
        if module.partition(".")[0] == SHELL
        # Not even deferred: the shell reaches the apps through crm/plugins.py only.
        for target, line in _imported(module, path, deferred_ok=False)
        if target.partition(".")[0] in FEATURE_APPS
    ]
    assert imports == []
    assert FEATURE_APPS  # the apps are there, so the check above checks something


def test_an_import_inside_a_function_says_why_it_is_deferred():
    """A hidden import hides a dependency: each one names its reason (`# deferred: …`)."""
    hidden = []
    for module, path in MODULES.items():
        if ".migrations." in module:
            continue  # a migration's functions take the historical models, not imports
        source = path.read_text()
        lines = source.splitlines()
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            hidden += [
                f"{module}:{node.lineno}"
                for node in ast.walk(function)
                if isinstance(node, ast.Import | ast.ImportFrom)
                and "# deferred:" not in lines[node.lineno - 1]
            ]
    assert hidden == []

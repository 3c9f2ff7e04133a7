"""The code's layout as ../shared/DESIGN.md and the README describe it: rooms, one-way dependencies, no cycles.

Imports are read from the source, those inside functions included: an import hidden in a function is a
dependency all the same.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "comments", "newsroom")


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports, wherever in the module the import is."""
    modules = project_modules()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                targets.update(
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
                )
        graph[module] = {found for target in targets if (found := known(target)) and found != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
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


def test_the_reader_spots_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_hidden_or_not():
    graph = imports()

    assert "articles.site.search" in graph["articles.site.views.search"]  # the reader sees the imports
    assert cycles(graph) == []


def test_dependencies_point_one_way():
    graph = imports()

    for module, imported in graph.items():
        if module.startswith("articles"):
            assert not any(name.startswith("comments") for name in imported), module
        if module.startswith("newsroom") and module != "newsroom.urls":  # the frame; its URLconf mounts the apps
            assert not any(name.startswith(("articles", "comments")) for name in imported), module
        assert "newsroom.settings" not in imported, module  # settings come through django.conf.settings


def test_articles_has_its_rooms():
    top_level = {path.name for path in (ROOT / "articles").glob("*.py")}

    assert top_level == {"__init__.py", "admin.py", "apps.py", "urls.py"}  # admin.py: where Django looks
    for room in ("models", "content", "desk", "site"):
        assert (ROOT / "articles" / room / "__init__.py").exists()

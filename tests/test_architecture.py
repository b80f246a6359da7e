"""The import graph: which package may use which, and no cycles between them.

A unit is a top-level package (api, console, webhooks, jobs, telephony, models), or inside desk/
one capability package (desk.sms, desk.calls, ...) or one shared module (desk.errors,
desk.timeline, ...). The entry points (the app factory desk/__init__.py, the CLI desk/cli.py and
desk/__main__.py, and jobs/worker_entry.py, which a plain `rq worker` runs) are the composition
root: they wire everything together, so they may import any unit and no unit may import them.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("desk", "api", "console", "webhooks", "jobs", "telephony", "models")
COMPOSITION_ROOT = "entry points"
ROOT_MODULES = {"desk", "desk.cli", "desk.__main__", "jobs.worker_entry"}


def unit_of(module: str) -> str:
    parts = module.split(".")
    if module in ROOT_MODULES:
        return COMPOSITION_ROOT
    if parts[0] == "desk":
        return ".".join(parts[:2])
    return parts[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path):
    """Every module a file imports, at the top or inside functions (`from desk import settings`
    imports desk.settings, not desk)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if known(submodule) else node.module


def known(module: str) -> bool:
    head = module.split(".")[0]
    if head not in PACKAGES:
        return False
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    """unit -> the units it imports."""
    edges: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            source = unit_of(module_name(path))
            targets = {unit_of(m) for m in imported_modules(path) if known(m)}
            edges.setdefault(source, set()).update(targets - {source})
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_cycles_between_units():
    assert find_cycle(graph()) is None, " -> ".join(find_cycle(graph()))


def test_no_cycles_between_top_level_packages():
    edges: dict[str, set[str]] = {}
    for unit, targets in graph().items():
        if unit == COMPOSITION_ROOT:
            continue
        top = unit.split(".")[0]
        edges.setdefault(top, set()).update({t.split(".")[0] for t in targets} - {top})
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges))


def test_nothing_imports_the_composition_root():
    importers = sorted(u for u, targets in graph().items() if COMPOSITION_ROOT in targets and u != COMPOSITION_ROOT)
    assert importers == []


@pytest.mark.parametrize("unit, forbidden", [
    ("telephony", {"desk", "api", "console", "webhooks", "jobs", "models"}),
    ("models", {"desk", "api", "console", "webhooks", "jobs", "telephony"}),
    ("desk", {"api", "console", "webhooks", "jobs"}),
    ("jobs", {"api", "console", "webhooks"}),
    ("webhooks", {"api", "console", "jobs"}),
    ("api", {"console", "webhooks", "jobs"}),
])
def test_layers(unit, forbidden):
    """telephony/ and models/ stand alone; the verbs reach jobs only through desk.outbox."""
    wrong = {(source, target) for source, targets in graph().items()
             if source.split(".")[0] == unit and source != COMPOSITION_ROOT
             for target in targets if target.split(".")[0] in forbidden and target != COMPOSITION_ROOT}
    assert wrong == set()


def test_the_checker_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def imports_of_tests(source: str) -> list[str]:
    """The conftest and test_ modules a file imports (`from tests.sms import conftest` too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names = [module] + [f"{module}.{alias.name}".replace("..", ".") for alias in node.names]
        else:
            continue
        found += [name for name in names
                  if any(part == "conftest" or part.startswith("test_") for part in name.split("."))]
    return found


def test_tests_share_helpers_through_tests_helpers_only():
    """Fixtures reach tests through conftest.py; plain helpers come from tests/helpers.py. No file
    under tests/ imports a conftest or a test module."""
    wrong = {str(path.relative_to(ROOT)): found for path in sorted((ROOT / "tests").rglob("*.py"))
             if (found := imports_of_tests(path.read_text()))}
    assert wrong == {}


def test_the_checker_sees_imports_of_conftest_and_test_modules():
    assert imports_of_tests("from tests.conftest import PASSWORD") == ["tests.conftest", "tests.conftest.PASSWORD"]
    assert imports_of_tests("from tests.sms import conftest") == ["tests.sms.conftest"]
    assert imports_of_tests("import tests.test_auth") == ["tests.test_auth"]
    assert imports_of_tests("def f():\n    from .test_auth import x") == [".test_auth", ".test_auth.x"]
    assert imports_of_tests("from tests.helpers import MOBILE\nimport pytest") == []

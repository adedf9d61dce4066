"""The import rule of docs/architecture.md, checked on the code's real import graph.

grimp reads every import statement, function-local ones included, so an import hidden inside a function counts the
same as one at the top of a module.
"""

import ast
from functools import cache
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("dreamtok", "dreams", "videogen", "accounts", "api")
# Lower layers first. An app may import from the apps below it, never from those above or beside it.
LAYERS = (("dreamtok",), ("dreams",), ("videogen", "accounts"), ("api",))
# The one way up: the domain starts and cancels video jobs through videogen's public service API.
DOMAIN_TO_GENERATION = "videogen.services"


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*APPS, include_external_packages=False, cache_dir=None)


def layer_of(module: str) -> int:
    app = module.split(".")[0]
    return next(index for index, apps in enumerate(LAYERS) if app in apps)


def imports(g: grimp.ImportGraph):
    """Every direct import as (importer, imported, line number)."""
    for importer in sorted(g.modules):
        for imported in sorted(g.find_modules_directly_imported_by(importer)):
            for detail in g.get_import_details(importer=importer, imported=imported) or [{"line_number": 0}]:
                yield importer, imported, detail["line_number"]


@cache
def function_local_lines(module: str) -> frozenset[int]:
    """Lines of the import statements inside a function or method of `module` (not at module or class level)."""
    path = ROOT.joinpath(*module.split("."))
    source = (path / "__init__.py") if path.is_dir() else path.with_suffix(".py")
    lines = set()
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines.update(inner.lineno for inner in ast.walk(node) if isinstance(inner, ast.Import | ast.ImportFrom))
    return frozenset(lines)


def upward_imports(g: grimp.ImportGraph, local_lines=function_local_lines) -> list[str]:
    """Imports from a lower layer into a higher or sibling one, but for the domain's module-level use of
    `videogen.services`. `local_lines(module)` gives the lines of its function-local imports."""
    found = []
    for importer, imported, line in imports(g):
        if importer.split(".")[0] == imported.split(".")[0] or layer_of(imported) < layer_of(importer):
            continue
        allowed = (
            importer.split(".")[0] == "dreams"
            and imported == DOMAIN_TO_GENERATION
            and line not in local_lines(importer)
        )
        if not allowed:
            found.append(f"{importer}:{line} imports {imported}")
    return found


def is_task_entry(importer: str, imported: str, line: int, local_lines=function_local_lines) -> bool:
    """A Celery task imports its app's services inside the task function (HackSoft's pattern): the service sends
    the task, the task calls the service when a worker runs it. That one edge is not a cycle at import time."""
    app, _, name = importer.rpartition(".")
    services = f"{app}.services"
    return (
        name == "tasks"
        and (imported == services or imported.startswith(services + "."))
        and line in local_lines(importer)
    )


def cycles(g: grimp.ImportGraph, local_lines=function_local_lines) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's strongly connected
    components), ignoring only the task-to-service edges of `is_task_entry`."""
    edges: dict[str, set[str]] = {module: set() for module in g.modules}
    for importer, imported, line in imports(g):
        if not is_task_entry(importer, imported, line, local_lines):
            edges[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(edges[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1 or module in edges[module]:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_every_import_points_down_the_layers():
    assert upward_imports(graph()) == []


def test_no_module_imports_itself_back():
    assert cycles(graph()) == []


def graph_of(*imports: tuple[str, str, int]) -> grimp.ImportGraph:
    g = grimp.ImportGraph()
    for importer, imported, line in imports:
        g.add_import(importer=importer, imported=imported, line_number=line, line_contents="import x")
    return g


def local_lines_of(**lines: list[int]):
    """A stand-in for reading sources: module (dots as double underscores) -> its function-local import lines."""
    return lambda module: frozenset(lines.get(module.replace(".", "__"), []))


def test_the_layers_check_sees_what_it_forbids():
    g = graph_of(
        ("dreams.views", "videogen.models", 3),
        ("dreams.forms", "videogen.services", 40),
        ("dreams.services", "videogen.services", 2),
        ("dreamtok.settings", "dreams.a", 1),
    )
    local = local_lines_of(dreams__forms=[40])

    assert upward_imports(g, local) == [
        "dreams.forms:40 imports videogen.services",  # inside a function: hidden, so refused
        "dreams.views:3 imports videogen.models",
        "dreamtok.settings:1 imports dreams.a",
    ]


def test_the_cycle_check_excuses_only_a_task_importing_its_own_service_inside_the_task():
    service_and_task = (
        ("videogen.services.steps", "videogen.tasks", 5),
        ("videogen.tasks", "videogen.services.steps", 30),
    )
    task_and_runner = (("videogen.runner", "videogen.tasks", 5), ("videogen.tasks", "videogen.runner", 30))

    assert cycles(graph_of(*service_and_task), local_lines_of(videogen__tasks=[30])) == []
    assert cycles(graph_of(*service_and_task), local_lines_of()) == [["videogen.services.steps", "videogen.tasks"]]
    assert cycles(graph_of(*task_and_runner), local_lines_of(videogen__tasks=[30])) == [
        ["videogen.runner", "videogen.tasks"]
    ]
    assert cycles(graph_of(("dreams.a", "dreams.b", 1), ("dreams.b", "dreams.a", 1))) == [["dreams.a", "dreams.b"]]


@pytest.mark.parametrize("folder", [*APPS, "tests", "bench"])
def test_modules_stay_readable(folder):
    """About 400 lines at most a module (migrations are written by Django)."""
    long = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative:
            continue
        if (count := len(path.read_text().splitlines())) > 420:
            long.append(f"{relative}: {count} lines")
    assert long == []

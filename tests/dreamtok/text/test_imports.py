"""dreamtok.text is the Django-free home of text privacy: it imports neither Django nor the apps above it, and its
modules import one another one way only."""

import itertools

import grimp

FORBIDDEN = ("django", "dreams", "videogen", "accounts", "api")


def _text_modules(graph: grimp.ImportGraph) -> list[str]:
    return sorted(module for module in graph.modules if module.split(".")[:2] == ["dreamtok", "text"])


def outside_imports(graph: grimp.ImportGraph) -> list[str]:
    """Imports of the text package that leave it for Django, an app, or the rest of dreamtok (which reaches Django:
    settings, fields…), so that nothing reaches them indirectly either."""
    return [
        f"{module} imports {imported}"
        for module in _text_modules(graph)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.split(".")[0] in FORBIDDEN
        or (imported.split(".")[0] == "dreamtok" and imported.split(".")[:2] != ["dreamtok", "text"])
    ]


def test_the_text_package_imports_no_django_and_no_app_above_it():
    assert outside_imports(grimp.build_graph("dreamtok", include_external_packages=True)) == []


def test_the_check_sees_an_indirect_way_to_django():
    graph = grimp.ImportGraph()
    graph.add_import(importer="dreamtok.text.words", imported="dreamtok.fields", line_number=1, line_contents="x")
    graph.add_import(importer="dreamtok.fields", imported="django", line_number=1, line_contents="x")
    graph.add_import(importer="dreamtok.text.words", imported="regex", line_number=2, line_contents="x")

    assert outside_imports(graph) == ["dreamtok.text.words imports dreamtok.fields"]


def test_no_module_of_the_text_package_imports_another_that_imports_it_back():
    graph = grimp.build_graph("dreamtok")
    modules = _text_modules(graph)
    cycles = [
        (first, second)
        for first, second in itertools.combinations(modules, 2)
        if graph.chain_exists(importer=first, imported=second) and graph.chain_exists(importer=second, imported=first)
    ]
    assert cycles == []

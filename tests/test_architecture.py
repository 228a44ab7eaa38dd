"""The dependency rule of the package, read from the code's own imports (ARCHITECTURE.md).

Each layer imports only itself and the layers below it, never above, and no module is in
an import cycle; imports inside functions count. The optional packages (engines, export,
datasets) import the core and never each other; the core never imports them. No module
imports another's private name, and the notebooks use public names only.
"""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "claimstats"

#: the layers of the core, from the bottom; a module belongs to the first prefix it has
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "claimstats.errors",
        "claimstats._time",
        "claimstats._files",
        "claimstats._version",
        "claimstats.schema",
        "claimstats.units",
        "claimstats.catalogue",
        "claimstats.models",
    ),
    ("claimstats.io",),
    (
        "claimstats.incidents",
        "claimstats.series",
        "claimstats.policy",
        "claimstats.escalation",
        "claimstats.sla",
        "claimstats.privacy",
    ),
    ("claimstats.estimate",),
    ("claimstats.pipeline", "claimstats.complaint"),
    ("claimstats.report",),
    ("claimstats.pack",),
)
#: parts that import the core and are imported by no part of it
OPTIONAL = ("claimstats.engines", "claimstats.export", "claimstats.datasets")
#: the faces over everything: the command line and the package's own namespace
FACES = ("claimstats.cli", "claimstats.__main__", "claimstats")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if path.name == "__init__.py" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, tuple[str, ...], int]]:
    """``(module, names imported from it, line)`` of every claimstats import in ``name``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = tuple(alias.name for alias in node.names)
            found.append((target, names, node.lineno))
    return [(t, n, line) for t, n, line in found if t.split(".")[0] == "claimstats"]


def _resolve(target: str, names: tuple[str, ...]) -> list[str]:
    """The modules an import reaches: ``from claimstats.io import orders`` reaches the
    submodule ``claimstats.io.orders``, ``from claimstats.io import read_orders`` the
    package ``claimstats.io``."""
    reached = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
    if len(reached) < max(len(names), 1):
        reached.append(target)
    return [r for r in reached if r in MODULES]


@cache
def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        is_package = MODULES[name].name == "__init__.py"
        for target, names, _ in _imports(name):
            for reached in _resolve(target, names):
                inside = is_package and reached.startswith(name + ".")
                # importing a submodule runs its package's __init__: no edge of its own,
                # except to the top package, the face that gathers every layer
                parent = reached != "claimstats" and name.startswith(reached + ".")
                if reached != name and not inside and not parent:
                    edges[name].add(reached)
    return edges


def _part(name: str) -> tuple[str, int]:
    """The part of the package a module is in, and its height (the layers from 0)."""
    for kind, prefixes, height in (
        *(("core", layer, i) for i, layer in enumerate(LAYERS)),
        ("optional", OPTIONAL, len(LAYERS)),
    ):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                return (f"{kind}:{prefix}" if kind == "optional" else kind), height
    if name in ("claimstats", "claimstats.__main__") or name.startswith("claimstats.cli"):
        return "face", len(LAYERS) + 1
    pytest.fail(f"{name} is in no layer: add it to LAYERS, OPTIONAL or FACES")
    raise AssertionError


def test_every_module_is_in_a_layer():
    for name in MODULES:
        _part(name)


def test_each_layer_imports_only_itself_and_the_layers_below():
    upward = []
    for name, targets in _edges().items():
        part, height = _part(name)
        for target in targets:
            target_part, target_height = _part(target)
            both_optional = part.startswith("optional") and target_part.startswith("optional")
            if target_height > height:
                upward.append(f"{name} imports {target}")
            elif both_optional and target_part != part:
                upward.append(f"{name} imports another optional part, {target}")
    assert upward == []


def test_the_core_never_imports_an_optional_part():
    core = [name for name in MODULES if _part(name)[0] == "core"]
    reaching = [
        f"{name} imports {target}"
        for name in core
        for target in _edges()[name]
        if _part(target)[0].startswith("optional")
    ]
    assert reaching == []


def test_no_import_cycle():
    edges = _edges()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in edges[name]:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in edges:
        if name not in index:
            visit(name)
    assert cycles == []


def test_no_module_imports_a_private_name_of_another():
    private = [
        f"{name}:{line} takes {imported} from {target}"
        for name in MODULES
        for target, names, line in _imports(name)
        for imported in names
        if imported.startswith("_") and target != name
    ]
    assert private == []


def test_the_models_import_nothing_above_them():
    models = [name for name in MODULES if name.startswith("claimstats.models")]
    above = [
        f"{name} imports {target}"
        for name in models
        for target in _edges()[name]
        if _part(target)[1] > 0
    ]
    assert above == []


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name
)
def test_notebooks_use_public_names_only(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    tree = ast.parse(code)
    private = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimstats"):
            parts = (node.module or "").split(".")
            private += [node.module for part in parts if part.startswith("_")]
            private += [alias.name for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.Import):
            private += [
                a.name for a in node.names if "._" in a.name and a.name.startswith("claimstats")
            ]
    assert private == []


#: the most parameters a public function takes: more, and they belong in a settings object
MAX_PARAMETERS = 12


def test_no_public_function_takes_more_than_twelve_parameters():
    wide = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                public |= {e.value for e in node.value.elts if isinstance(e, ast.Constant)}  # type: ignore[attr-defined]
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in public:
                a = node.args
                count = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs)
                if count > MAX_PARAMETERS:
                    wide.append(f"{name}.{node.name} takes {count}")
    assert wide == []

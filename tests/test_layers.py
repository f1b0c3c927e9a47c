"""How the tests import one another. Builders and fixtures come from ``tests.factories`` (or
from a plain helper module beside the tests that use them); no module imports a test module
or a ``conftest``, and the factories import no test directory. The import contracts of the
application's own packages are ``lint-imports``' (``[tool.importlinter]`` in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module ``source`` (the text of ``module``) may import, relative imports resolved;
    ``from a import b`` counts as both ``a`` and ``a.b``, since ``b`` may be a module."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def is_test_or_conftest(name: str) -> bool:
    last = name.rpartition(".")[2]
    return name.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def imports_of_tests_and_conftests(
    source: str, module: str, *, is_package: bool = False
) -> list[str]:
    return sorted(
        name
        for name in imported_names(source, module, is_package=is_package)
        if is_test_or_conftest(name)
    )


def python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    found = {
        module_name(path): bad
        for path in python_files()
        if (
            bad := imports_of_tests_and_conftests(
                path.read_text(encoding="utf-8"),
                module_name(path),
                is_package=path.name == "__init__.py",
            )
        )
    }
    assert found == {}, "move what they share into tests/factories/"


def test_the_factories_import_no_test_directory() -> None:
    found = {}
    for path in sorted((TESTS / "factories").glob("*.py")):
        names = imported_names(
            path.read_text(encoding="utf-8"),
            module_name(path),
            is_package=path.name == "__init__.py",
        )
        outside = sorted(
            n for n in names if n.startswith("tests.") and not n.startswith("tests.factories")
        )
        if outside:
            found[module_name(path)] = outside
    assert found == {}


def fixture_names(source: str) -> set[str]:
    """The functions ``source`` decorates with ``@pytest.fixture`` (called or not)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) == "pytest.fixture":
                    names.add(node.name)
    return names


def test_fixtures_of_the_factories_are_not_imported() -> None:
    """An imported fixture is registered again in the importing module; the plugins already
    make it available everywhere."""
    fixtures = {
        module_name(path): fixture_names(path.read_text(encoding="utf-8"))
        for path in (TESTS / "factories").glob("*.py")
    }
    assert fixtures["tests.factories.licences"] >= {"licence_home", "licence_pki"}
    found = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in fixtures:
                imported = {a.name for a in node.names} & fixtures[node.module]
                if imported:
                    found[module_name(path)] = sorted(imported)
    assert found == {}


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from tests.schema.registry.test_applications import nurse", "tests.schema.x"),
        ("from tests.schema.registry import test_applications", "tests.schema.x"),
        ("import tests.certificates.test_signing", "tests.certificates.test_pkcs11"),
        ("from .test_signing import pdfsig", "tests.certificates.test_pkcs11"),
        ("from ..registry.conftest import city", "tests.schema.certificates.conftest"),
        ("from tests.web.conftest import Portal", "tests.web.test_portal"),
        ("def f():\n    from . import conftest\n", "tests.web.test_portal"),
    ],
)
def test_the_check_sees_every_way_of_importing_one(source: str, module: str) -> None:
    assert imports_of_tests_and_conftests(source, module) != []


@pytest.mark.parametrize(
    "source",
    [
        "from tests.factories.workflow import City",
        "from tests import factories",
        "from tests.schema.identity.activation import activate",
        "from registry.workflow import service",
    ],
)
def test_builders_and_helpers_may_be_imported(source: str) -> None:
    assert imports_of_tests_and_conftests(source, "tests.schema.registry.test_applications") == []

"""No expected error reaches a client without a precise code: every field problem names its
code, every InvalidState / Conflict / NotFound / RateLimited names its reason (directly or in
its subclass), and the domains' code enums agree with each other."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from core import errors as domain
from schema.errors import PROBLEM_ENUMS, ProblemCode

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "directory", "identity", "registry", "certificates", "api", "schema")
NEEDS_REASON = {"InvalidState", "Conflict", "NotFound", "RateLimited"}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ast.parse(path.read_text(), filename=str(path))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _has_code(call: ast.Call) -> bool:
    """``ValidationFailed.on(field, message, code, ...)`` / ``FieldProblem(field, message,
    code, ...)``: the code is the third argument or the ``code`` keyword."""
    return len(call.args) >= 3 or any(k.arg == "code" for k in call.keywords)


def _has_reason(call: ast.Call) -> bool:
    return any(k.arg == "reason" for k in call.keywords)


def _uncoded(path: Path, tree: ast.Module) -> Iterator[str]:
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "on"
            and _name(func.value) == "ValidationFailed"
            and not _has_code(node)
        ):
            yield f"{where}:{node.lineno}: ValidationFailed.on(...) without a code"
        elif _name(func) == "FieldProblem" and not _has_code(node):
            yield f"{where}:{node.lineno}: FieldProblem(...) without a code"
        elif _name(func) in NEEDS_REASON and not _has_reason(node):
            yield f"{where}:{node.lineno}: {_name(func)}(...) without reason="


def test_every_field_problem_and_domain_error_call_names_its_code() -> None:
    offenders = [line for path, tree in _sources() for line in _uncoded(path, tree)]
    assert offenders == []


def _modules() -> Iterator[str]:
    for package in PACKAGES:
        yield package
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            yield info.name


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _sets_reason(cls: type) -> bool:
    """A class attribute ``reason``, or a constructor that passes ``reason=`` on (or, for a
    ValidationFailed, builds FieldProblems, whose codes the call check covers)."""
    if "reason" in cls.__dict__:
        return True
    if "__init__" not in cls.__dict__:
        return False
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__dict__["__init__"])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            _has_reason(node)
            or (issubclass(cls, domain.ValidationFailed) and _name(node.func) == "FieldProblem")
        ):
            return True
    return False


def test_every_domain_error_subclass_sets_its_reason() -> None:
    for name in _modules():
        importlib.import_module(name)
    ours = [
        cls
        for cls in _subclasses(domain.DomainError)
        if cls.__module__.split(".")[0] in PACKAGES and cls.__module__ != domain.__name__
    ]
    assert ours, "no domain error subclasses found"
    missing = [f"{cls.__module__}.{cls.__qualname__}" for cls in ours if not _sets_reason(cls)]
    assert missing == []


def _problem_enums() -> Iterator[type[StrEnum]]:
    """Every ``*Problem`` enum in the domains' ``errors`` modules (sub-packages' included)."""
    for name in _modules():
        if name.rsplit(".", 1)[-1] != "errors":
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, StrEnum)
                and value.__name__.endswith("Problem")
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_problem_enum_is_composed_into_problem_code() -> None:
    assert set(_problem_enums()) == set(PROBLEM_ENUMS)


@pytest.mark.parametrize("enum", PROBLEM_ENUMS, ids=lambda e: e.__name__)
def test_a_code_is_its_name(enum: type[StrEnum]) -> None:
    for member in enum:
        assert member.value == member.name, f"{enum.__name__}.{member.name}"


def test_the_same_name_is_the_same_code_everywhere() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for enum in PROBLEM_ENUMS:
        for member in enum:
            first = seen.setdefault(member.name, (enum.__name__, member.value))
            assert first[1] == member.value, f"{member.name}: {first[0]} and {enum.__name__}"
    assert {m.name for m in ProblemCode} == set(seen)

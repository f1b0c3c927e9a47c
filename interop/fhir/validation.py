"""Resources validated with ``fhir.resources`` at a fraction of its cost.

A full model validation of a 100-entry Bundle costs tens of milliseconds (most of it in
fhir_core's per-element Python validators) although our resources come from a handful of
builders. What the structure rules judge (known elements, cardinality, required elements,
complex types) depends only on a resource's *shape*: its keys, list lengths and value types.
So the full model validation runs once per distinct shape; on every call, each primitive value
is still checked with the pydantic validator of its FHIR type (``code``, ``string``,
``instant``, ``uri``…), the very validator ``fhir.resources`` applies, found for the shape from
the model the first time. A resource that fails either check raises ``ValidationError``."""

from __future__ import annotations

import typing
from collections import OrderedDict
from functools import cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import TypeAdapter

Path = tuple[str | int, ...]
Shape = Any
Check = tuple[Path, TypeAdapter[Any]]
MAX_SHAPES = 4096


def shape_of(value: Any) -> Shape:
    if isinstance(value, dict):
        return tuple((k, shape_of(v)) for k, v in value.items())
    if isinstance(value, list):
        return ("[]", *(shape_of(v) for v in value))
    return type(value).__name__


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _unwrap(annotation: Any) -> Any:
    """``Optional[List[X]]`` → ``X``."""
    while typing.get_origin(annotation) in (typing.Union, list, typing.List):  # noqa: UP006
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def _model_class(annotation: Any) -> type[Any] | None:
    name = getattr(annotation, "__name__", "")
    if typing.get_origin(annotation) is None and name.endswith("Type") and name != "ResourceType":
        return get_fhir_model_class(name.removesuffix("Type"))
    return None


def _checks(model: type[Any], value: dict[str, Any], path: Path, out: list[Check]) -> None:
    for key, item in value.items():
        if key == "resourceType":
            continue
        fields = model.model_fields
        field = fields.get(key) or next(f for f in fields.values() if f.alias == key)
        annotation = _unwrap(field.annotation)
        nested = _model_class(annotation)
        for index, element in enumerate(item) if isinstance(item, list) else [(None, item)]:
            where = (*path, key) if index is None else (*path, key, index)
            if nested is not None:
                _checks(nested, element, where, out)
            else:
                out.append((where, _adapter(annotation)))


def _at(value: Any, path: Path) -> Any:
    for step in path:
        value = value[step]
    return value


class ResourceValidator:
    """Validates resources of the models given; remembers the checks of the shapes it saw
    (bounded, least recently used out first)."""

    def __init__(self, max_shapes: int = MAX_SHAPES) -> None:
        self._shapes: OrderedDict[tuple[str, Shape], list[Check]] = OrderedDict()
        self._max = max_shapes

    def validate(self, model: type[Resource], resource: dict[str, Any]) -> None:
        key = (model.__name__, shape_of(resource))
        checks = self._shapes.get(key)
        if checks is None:
            model.model_validate(resource)
            checks = []
            _checks(model, resource, (), checks)
            self._shapes[key] = checks
            if len(self._shapes) > self._max:
                self._shapes.popitem(last=False)
            return
        self._shapes.move_to_end(key)
        if resource.get("resourceType") != model.__name__:
            model.model_validate(resource)  # the model's own error for a wrong type
        for path, adapter in checks:
            adapter.validate_python(_at(resource, path))

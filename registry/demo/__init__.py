"""Synthetic demo data: a Shanghai-sized registry of institutions, doctors and nurses."""

from registry.demo.errors import AuthoritiesMissing, DemoAlreadyLoaded
from registry.demo.loader import STAGES, DemoSummary, DistrictSummary, load_demo
from registry.demo.scale import Scale

__all__ = [
    "STAGES",
    "AuthoritiesMissing",
    "DemoAlreadyLoaded",
    "DemoSummary",
    "DistrictSummary",
    "Scale",
    "load_demo",
]

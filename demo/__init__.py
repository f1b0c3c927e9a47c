"""Synthetic demo data: a Shanghai-sized registry of institutions, doctors and nurses."""

from demo.errors import AuthoritiesMissing, DemoAlreadyLoaded
from demo.loader import STAGES, DemoSummary, DistrictSummary, load_demo
from demo.scale import Scale

__all__ = [
    "STAGES",
    "AuthoritiesMissing",
    "DemoAlreadyLoaded",
    "DemoSummary",
    "DistrictSummary",
    "Scale",
    "load_demo",
]

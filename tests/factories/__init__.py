"""Builders and fixtures shared by the tests.

Builders are plain functions, imported where used. Fixtures live in the modules that
``tests/conftest.py`` names in ``pytest_plugins``; a directory's ``conftest.py`` only chooses
among them (``sessions`` with the workflow's stand-ins, say). Nothing here imports a test
module or a ``conftest``.

The directory builders are the everyday ones, so ``from tests import factories`` reaches them
as ``factories.institution(...)``.
"""

from tests.factories.directory import institution, mobile, person, resident_id, social_credit_code

__all__ = ["institution", "mobile", "person", "resident_id", "social_credit_code"]

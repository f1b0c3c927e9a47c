"""The ASGI entry point for uvicorn: ``api.main:app``."""

from __future__ import annotations

from api.app import create_app
from api.heap import settle_for_serving
from api.logging import configure_logging
from api.settings import load_settings

settings = load_settings()
settings.ensure_data_dir()
configure_logging(settings.log_level, json=settings.log_json)
app = create_app(settings)
settle_for_serving()

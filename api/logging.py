"""Structured logging with a request id on every line and personal numbers scrubbed."""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Any

import structlog

# Resident ID numbers (17 digits + digit/X) and mainland mobiles, wherever they appear.
_ID_NUMBER = re.compile(r"(?<![0-9])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86)?(1[3-9]\d)\d{4}(\d{4})(?![0-9])")


def scrub(text: str) -> str:
    text = _ID_NUMBER.sub(r"\1**********\2", text)
    return _MOBILE.sub(r"\1****\2", text)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub_value(v) for v in value)
    return value


def scrub_processor(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Last line of defence: code never logs these, and this catches what slips through."""
    return {key: _scrub_value(value) for key, value in event_dict.items()}


def _render_exception(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    exc_info = event_dict.pop("exc_info", None)
    if exc_info:
        event_dict["exception"] = structlog.processors.format_exc_info(
            _logger, _method, {"exc_info": exc_info}
        ).get("exception", "")
    return event_dict


def _add_pid(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """``serve --workers N`` interleaves N processes in one stream: say which one spoke."""
    event_dict["pid"] = os.getpid()
    return event_dict


# Libraries that narrate their work: fontTools a line per subset table for every licence PDF,
# pyHanko and the certificate validator every step of a signature, asyncio and aiosqlite every
# connection. Their warnings still show.
QUIET_LIBRARIES = (
    "aiosqlite",
    "asyncio",
    "coredis",
    "fontTools",
    "fpdf",
    "httpcore",
    "httpx",
    "PIL",
    "pyhanko",
    "pyhanko_certvalidator",
)


class CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged, not to the stream that was
    there when logging was configured: test runners and CLI runners swap ``sys.stderr`` and
    close their replacement afterwards ("I/O operation on closed file")."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        """``StreamHandler.setStream`` has nothing to replace."""


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_pid,
        _render_exception,
        scrub_processor,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        # Lines below the level are dropped before the processors run (the request line at
        # WARNING cost a tenth of a small request).
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = CurrentStderr()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet = max(root.level, logging.WARNING)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel("WARNING")

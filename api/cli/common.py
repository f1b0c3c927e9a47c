"""What every command shares: the settings, the console, one unit of work per command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

# Settings (pydantic) and logging (structlog) load when a command runs, not for `--help`.
if TYPE_CHECKING:
    from api.settings import Settings

console = Console()
T = TypeVar("T")


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run``, with asyncio imported when a command runs rather than for ``--help``."""
    import asyncio

    return asyncio.run(work)


def cli_settings() -> Settings:
    """The settings, with the data directory created and logging configured."""
    from api.logging import configure_logging
    from api.settings import load_settings

    settings = load_settings()
    settings.ensure_data_dir()
    configure_logging(settings.log_level, json=settings.log_json)
    return settings


def run_with_session(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work(session)`` in one unit of work against the configured database."""
    from core.db import create_engine, session_factory
    from core.uow import unit_of_work

    async def main() -> T:
        engine = create_engine(settings.database_url)
        try:
            async with unit_of_work(session_factory(engine, keyring=settings.keyring)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    return run_async(main())


def signing_config_or_exit(settings: Settings) -> Any:
    """The licence configuration; a missing font or bad setting ends the command clearly."""
    from api.settings import SettingsError
    from certificates.errors import FontMissing

    try:
        return settings.signing_config()
    except (FontMissing, SettingsError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None

"""The Starlette application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from access.actor import ANONYMOUS, Actor
from api import (
    attachments,
    audit,
    fhir,
    health,
    imports,
    licences,
    oidc,
    statistics,
    verify_upload,
    webhooks,
)
from api.auth import cookie_actor_resolver
from api.composition import build_services, national_sync
from api.graphql import GraphQLEndpoint, MedregGraphQL
from api.machine import MachineAccess, Refusal, verify_route
from api.middleware import RequestContextMiddleware
from api.queue import JobRunner, build_runner
from api.settings import Settings
from api.web import web_routes
from api.worker import Background
from certificates.tokens import keyset
from core.checkpoint_writer import CheckpointWriter
from core.clock import Clock
from core.db import create_engine, session_factory
from identity.oidc_client import RelyingParty
from interop.clients.models import Scope
from interop.clients.tokens import TokenConfig
from schema.root import SchemaLimits, build_schema

ActorResolver = Callable[[Request, AsyncSession], Awaitable[Actor]]


async def anonymous(_request: Request, _session: AsyncSession) -> Actor:
    return ANONYMOUS


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    sessions: async_sessionmaker[Any] | None = None,
    clock: Clock | None = None,
    resolve_actor: ActorResolver | None = None,
) -> Starlette:
    """Build the app. Tests pass their own engine/sessions (bound to a rolled-back
    transaction) and clock; otherwise the lifespan creates and disposes the engine, and runs
    the background jobs when ``MEDREG_JOBS`` is ``inprocess``."""
    own_engine = engine is None and sessions is None
    engine = engine or (
        create_engine(settings.database_url, readers=settings.sqlite_readers)
        if own_engine
        else None
    )
    runner: JobRunner | None = None
    if sessions is None:
        assert engine is not None
        runner = build_runner(settings.database_url, name="medreg-serve")
        sessions = session_factory(
            engine, keyring=settings.keyring, clock=clock or Clock(), jobs=runner.queue
        )
    services = build_services(settings, sessions, clock)
    checkpoints = CheckpointWriter(sessions, settings.checkpoint_config())
    identity, licence_runtime = services.identity, services.licences
    webhook_sender = services.webhooks
    national = national_sync(settings, licence_runtime) if runner is not None else None
    if runner is not None:
        runner.register(
            Background(
                sessions,
                licence_runtime,
                identity.channel,
                services.clock,
                national=national,
                webhooks=webhook_sender,
            ).tasks()
        )

    limits = SchemaLimits(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens,
        cache_size=settings.graphql_cache_size,
        introspection=not settings.is_production,
    )
    view = MedregGraphQL(
        build_schema(limits),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=False,
        services=services,
    )
    endpoint = GraphQLEndpoint(
        view,
        sessions,
        resolve_actor or cookie_actor_resolver(identity.config.sessions, sessions),
        graphiql=not settings.is_production,
        max_tokens=settings.graphql_max_tokens,
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        background = None
        if runner is not None and settings.job_runner == "inprocess":
            await runner.open()
            background = asyncio.create_task(runner.run(stop))
        checkpointer = (
            asyncio.create_task(audit.checkpoint_loop(checkpoints, stop=stop))
            if own_engine
            else None
        )
        tally = asyncio.create_task(licence_runtime.verifications.flush_loop(sessions, stop))
        yield
        stop.set()
        await tally  # the last counts of verifications
        if background is not None and runner is not None:
            await background
            await runner.close()
        if checkpointer is not None:
            await checkpointer  # the last checkpoint, for what this process wrote
        licence_runtime.pdf_checks.close()
        await webhook_sender.close()
        if national is not None:
            await national.close()
        if own_engine and engine is not None:
            await engine.dispose()

    public = settings.public_url.rstrip("/")
    machine = MachineAccess(
        sessions,
        licence_runtime.pki,
        TokenConfig(issuer=public, ttl_s=settings.oauth_token_ttl_s),
        services.clock,
        storage_uri=settings.throttle_storage_uri,
        key_prefix=settings.throttle_key_prefix,
        signer_authority=settings.national_signer,
    )
    routes: list[Any] = [
        Route("/healthz", health.healthz),
        Route("/readyz", health.readyz_endpoint(sessions, licence_runtime, services.clock)),
        Route("/graphql", endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        *attachments.routes(sessions, endpoint.resolve_actor),
        *licences.routes(sessions, endpoint.resolve_actor, licence_runtime),
        *imports.routes(sessions, endpoint.resolve_actor),
        *audit.routes(sessions, checkpoints),
        *machine.routes(),
        verify_route(sessions, machine, lambda: keyset(licence_runtime.pki())),
        verify_upload.route(
            sessions,
            endpoint.resolve_actor,
            lambda: keyset(licence_runtime.pki()),
            storage_uri=settings.throttle_storage_uri,
            key_prefix=settings.throttle_key_prefix,
        ),
        *webhooks.routes(
            sessions,
            machine,
            webhook_sender,
            allow_http=not settings.is_production,
            allow_private=webhook_sender.config.allow_private,
        ),
        *fhir.routes(
            sessions, f"{public}/fhir", fhir_guard(machine), token_url=f"{public}/oauth/token"
        ),
        *statistics.routes(sessions, endpoint.resolve_actor),
    ]
    oidc_config = settings.oidc_config()
    if oidc_config is None:
        routes.append(oidc.switched_off())
    else:
        routes.extend(
            oidc.routes(
                sessions,
                RelyingParty(oidc_config),
                identity.config,
                identity.throttle,
                settings.keyring,
            )
        )
    routes.extend(web_routes(settings.web_dist))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.sessions = sessions
    app.state.settings = settings
    app.state.services = services
    app.state.checkpoints = checkpoints
    app.add_middleware(RequestContextMiddleware, hsts=settings.is_production)
    return app


def fhir_guard(machine: MachineAccess) -> fhir.Guard:
    """Bearer token with ``fhir.read``; a refusal is an OperationOutcome."""
    issues = {401: "login", 403: "forbidden", 429: "throttled", 503: "transient"}

    async def guard(request: Request) -> Response | None:
        checked = await machine.check(request, Scope.FHIR_READ)
        if isinstance(checked, Refusal):
            issue = issues.get(checked.status, "security")
            return fhir.outcome(checked.status, checked.code, issue, headers=checked.headers)
        return None

    return guard

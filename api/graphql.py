"""The GraphQL endpoint: POST application/json only, a session per request, the actor."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import orjson
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import process_result
from strawberry.types.graphql import OperationType as StrawberryOperationType

from api.middleware import GRAPHIQL_CSP
from core.db import read_only_transactions, write_transactions
from schema.context import Context
from schema.root import MedregSchema
from schema.services import AppServices


class MedregGraphQL(GraphQL[Context, None]):
    """Strawberry's view with our context; the outer endpoint has vetted the request."""

    def __init__(self, *args: Any, services: AppServices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = services

    def decode_json(self, data: str | bytes) -> object:
        return _loads(data)

    def encode_json(self, data: object) -> bytes:
        try:
            return orjson.dumps(data)
        except TypeError:  # text holding a lone surrogate, echoed in an error message
            return json.dumps(data, separators=(",", ":")).encode()

    async def answer_prepared(self, request: Request, payload: Any) -> Response | None:
        """The answer to a JSON POST of a prepared operation (``schema.prepared``), made as
        strawberry's view makes it but without parsing the body again or building its
        request adapters; ``None`` for any other request, which the view answers."""
        schema = self.schema
        if not isinstance(schema, MedregSchema) or schema.prepared is None:
            return None
        if not isinstance(payload, dict):
            return None
        query, variables = payload.get("query"), payload.get("variables")
        name = payload.get("operationName")
        if payload.get("extensions") is not None or not isinstance(variables, dict | None):
            return None
        prepared = schema.prepared.runnable(query, name, variables, _POST)
        if prepared is None:
            return None
        if self._get_stream_transport_from_headers(request.headers) is not None:
            return None  # a streamed answer: the view's
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, sub_response)
        result = await schema.run_prepared(prepared, variables, context)
        return self.create_response(process_result(result), sub_response)

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.scope["state"]
        return Context(
            request=request,
            response=response,
            session=state["db"],
            actor=state["actor"],
            services=self.services,
        )


_POST = StrawberryOperationType.from_http("POST")


def _refuse(status: int, message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]},
        status_code=status,
    )


def _loads(data: str | bytes) -> Any:
    """orjson, or json for what orjson refuses (lone surrogates such as "\\ud800", which
    the text-input check answers with a coded error)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


@lru_cache(maxsize=512)
def _only_queries(document: str, operation_name: str | None, max_tokens: int) -> bool:
    """Whether the operation this document runs is a query. A document that does not parse
    never runs, so it reads nothing either."""
    try:
        parsed = parse(document, max_tokens=max_tokens, no_location=True)
    except GraphQLError:
        return True
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    return all(_reads(o) for o in operations)


WRITING_QUERIES = frozenset({"resourceStatistics", "rolloutSupervision"})
"""Queries that write as they read (each statistics read is audited, and may rebuild the
summary): on SQLite a deferred transaction that read first could not take the write lock
after another writer committed, so these begin as writing transactions, like mutations."""


def _reads(operation: OperationDefinitionNode) -> bool:
    if operation.operation is not OperationType.QUERY:
        return False
    return all(
        isinstance(s, FieldNode) and s.name.value not in WRITING_QUERIES
        for s in operation.selection_set.selections
    )


_UNPARSED = object()
"""A body that is not JSON (the view refuses it before anything runs)."""


def _payload(body: bytes) -> Any:
    try:
        return _loads(body)
    except ValueError:
        return _UNPARSED


def reads_only(body: bytes, max_tokens: int) -> bool:
    """Whether a request body is a GraphQL query (not a mutation): its transaction only
    reads. Anything unexpected counts as writing, which is always safe."""
    return _payload_reads_only(_payload(body), max_tokens)


def _payload_reads_only(payload: Any, max_tokens: int) -> bool:
    if payload is _UNPARSED:
        return True  # refused before anything runs
    if not isinstance(payload, dict):
        return False
    document, name = payload.get("query"), payload.get("operationName")
    if not isinstance(document, str) or not isinstance(name, str | None):
        return True
    return _only_queries(document, name, max_tokens)


class GraphQLEndpoint:
    """Refuses anything but ``POST application/json`` before a session is opened, so GET
    queries, form posts and ``text/plain`` (the CSRF-simple requests) never reach a resolver.
    In development a browser GET shows GraphiQL."""

    def __init__(
        self,
        view: MedregGraphQL,
        sessions: async_sessionmaker[Any],
        resolve_actor: Any,
        *,
        graphiql: bool,
        max_tokens: int = 3000,
    ) -> None:
        self.view = view
        self.sessions = sessions
        self.resolve_actor = resolve_actor
        self.graphiql = graphiql
        self.max_tokens = max_tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method == "GET" and self.graphiql and not request.query_params:
            accept = request.headers.get("accept", "")
            if "text/html" in accept:
                response = await self.view.render_graphql_ide(request)
                response.headers["content-security-policy"] = GRAPHIQL_CSP.decode()
                await response(scope, receive, send)
                return
        if request.method != "POST":
            await _refuse(405, "GraphQL accepts POST only")(scope, receive, send)
            return
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            await _refuse(415, "GraphQL accepts application/json only")(scope, receive, send)
            return
        # Queries read a snapshot (on SQLite: a deferred transaction, no write lock);
        # mutations take the write lock when their transaction begins.
        body = await request.body()
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        payload = _payload(body)
        reading = _payload_reads_only(payload, self.max_tokens)
        with read_only_transactions() if reading else write_transactions():
            async with self.sessions() as session:
                scope.setdefault("state", {})
                scope["state"]["db"] = session
                scope["state"]["actor"] = await self.resolve_actor(request, session)
                answer = await self.view.answer_prepared(request, payload)
                if answer is None:
                    await self.view(scope, replay, send)
                else:
                    await answer(scope, replay, send)

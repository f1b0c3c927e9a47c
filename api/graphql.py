"""The GraphQL endpoint: POST application/json only, a session per request, the actor."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from api.middleware import GRAPHIQL_CSP
from schema.context import Context
from schema.services import AppServices


class MedregGraphQL(GraphQL[Context, None]):
    """Strawberry's view with our context; the outer endpoint has vetted the request."""

    def __init__(self, *args: Any, services: AppServices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = services

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.scope["state"]
        return Context(
            request=request,
            response=response,
            session=state["db"],
            actor=state["actor"],
            services=self.services,
        )


def _refuse(status: int, message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]},
        status_code=status,
    )


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
    ) -> None:
        self.view = view
        self.sessions = sessions
        self.resolve_actor = resolve_actor
        self.graphiql = graphiql

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
        async with self.sessions() as session:
            scope.setdefault("state", {})
            scope["state"]["db"] = session
            scope["state"]["actor"] = await self.resolve_actor(request, session)
            await self.view(scope, receive, send)

"""Machine clients (other systems, employers) for system administrators: the list and the
revocation. Creating one stays a command (``medreg clients create``): its secret is printed
once, where it is made."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from access.permissions import Permission
from interop.clients import service
from interop.clients.models import MachineClient as MachineClientModel
from interop.webhooks import admin as webhooks
from interop.webhooks.models import WebhookSubscription as SubscriptionModel
from schema.context import Info
from schema.errors import ErrorMember
from schema.interop.webhooks import WebhookSubscription
from schema.mutations import run_mutation
from schema.permissions import allowed
from schema.reads import read


@strawberry.type(description="An OAuth 2.0 client-credentials client of the registry API.")
class MachineClient:
    client_id: str
    name: str
    scopes: list[str] = strawberry.field(description="fhir.read, verify.bulk, webhooks.")
    rate_limit: str = strawberry.field(description="Requests allowed, e.g. 600/minute.")
    created_at: datetime
    revoked_at: datetime | None
    webhooks: list[WebhookSubscription] = strawberry.field(
        description="Its active webhook subscriptions (empty in a mutation's answer)."
    )

    @classmethod
    def from_model(
        cls, client: MachineClientModel, subscriptions: list[SubscriptionModel] | None = None
    ) -> MachineClient:
        return cls(
            client_id=client.client_id,
            name=client.name,
            scopes=list(client.scopes),
            rate_limit=client.rate_limit,
            created_at=client.created_at,
            revoked_at=client.revoked_at,
            webhooks=[WebhookSubscription.from_model(s) for s in subscriptions or []],
        )


@strawberry.type
class MachineClientQuery:
    @strawberry.field(
        description="System administrators: every machine client, revoked ones included.",
        extensions=allowed(Permission.INTEROP_CLIENT_READ),
    )
    async def machine_clients(self, info: Info) -> list[MachineClient]:
        ctx = info.context

        async def load() -> tuple[list[MachineClientModel], dict[str, list[SubscriptionModel]]]:
            rows = await service.listing_for(ctx.session, ctx.actor)
            subs = await webhooks.subscriptions_of(
                ctx.session, ctx.actor, [r.client_id for r in rows]
            )
            return rows, subs

        rows, subs = await read(info, load)
        return [MachineClient.from_model(row, subs[row.client_id]) for row in rows]


@strawberry.type
class RevokeMachineClientSuccess:
    client: MachineClient


RevokeMachineClientResult = Annotated[
    RevokeMachineClientSuccess | ErrorMember, strawberry.union("RevokeMachineClientResult")
]


@strawberry.type
class MachineClientMutation:
    @strawberry.mutation(
        description="Revoke a client: no new token, and its current tokens are refused at once.",
        extensions=allowed(Permission.INTEROP_CLIENT_REVOKE),
    )
    async def revoke_machine_client(self, info: Info, client_id: str) -> RevokeMachineClientResult:
        ctx = info.context
        return await run_mutation(
            info,
            lambda: service.revoke_by(ctx.session, ctx.actor, client_id),
            lambda client: RevokeMachineClientSuccess(client=MachineClient.from_model(client)),
        )

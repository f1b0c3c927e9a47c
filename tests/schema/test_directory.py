import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import InstitutionType
from tests import factories
from tests.factories.clients import gql
from tests.factories.database import StatementCounter

INSTITUTIONS = """
query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {
  institutions(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id name uscc type district { code nameZh } authority { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NODE = "query N($id: ID!) { node(id: $id) { id ... on Institution { name } } }"
AUTHORITIES = "{ authorities { code nameZh nameEn level parentCode } }"


async def test_authorities(client: httpx.AsyncClient) -> None:
    body = await gql(client, AUTHORITIES)
    rows = body["data"]["authorities"]
    assert len(rows) == 17
    pudong = next(a for a in rows if a["code"] == "310115")
    assert pudong["nameZh"] == "浦东新区卫生健康委员会"
    assert pudong["level"] == "DISTRICT"
    assert pudong["parentCode"] == "310000"


async def test_pudong_institutions_page_by_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    names = [f"浦东测试医院{i:02d}" for i in range(7)]
    for name in reversed(names):
        await factories.institution(session, name=name, district="310115")
    await factories.institution(session, name="徐汇测试医院", district="310104")
    await session.commit()

    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = await gql(
            client,
            INSTITUTIONS,
            {
                "filter": {"district": "310115", "nameContains": "浦东测试"},
                "first": 3,
                "after": after,
            },
        )
        conn = body["data"]["institutions"]
        seen.extend(edge["node"]["name"] for edge in conn["edges"])
        assert all(e["node"]["district"]["code"] == "310115" for e in conn["edges"])
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == names
    assert pages == 3


async def test_filters_by_type_and_escapes_like(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await factories.institution(session, name="百分_诊所%", type=InstitutionType.CLINIC)
    await factories.institution(session, name="百分百诊所", type=InstitutionType.CLINIC)
    await factories.institution(session, name="百分_医院", type=InstitutionType.GENERAL_HOSPITAL)
    await session.commit()
    body = await gql(
        client,
        INSTITUTIONS,
        {
            "filter": {"type": "CLINIC", "nameContains": "百分_"},
            "first": 10,
        },
    )
    assert [e["node"]["name"] for e in body["data"]["institutions"]["edges"]] == ["百分_诊所%"]


async def test_bad_cursor_and_page_size_are_field_errors(client: httpx.AsyncClient) -> None:
    body = await gql(client, INSTITUTIONS, {"first": 3, "after": "not-a-cursor"})
    extensions = body["errors"][0]["extensions"]
    assert extensions["reason"] == "NOT_A_CURSOR"
    assert extensions["fields"][0]["field"] == "after"
    assert extensions["fields"][0]["code"] == "NOT_A_CURSOR"
    body = await gql(client, INSTITUTIONS, {"first": 1000})
    [field] = body["errors"][0]["extensions"]["fields"]
    assert (field["field"], field["code"]) == ("first", "OUT_OF_RANGE")
    assert field["params"] == {"minimum": 1, "maximum": 100}


async def test_node_and_institution_by_id(client: httpx.AsyncClient, session: AsyncSession) -> None:
    inst = await factories.institution(session, name="节点测试医院")
    await session.commit()
    body = await gql(client, INSTITUTIONS, {"filter": {"nameContains": "节点测试"}, "first": 1})
    global_id = body["data"]["institutions"]["edges"][0]["node"]["id"]
    node = await gql(client, NODE, {"id": global_id})
    assert node["data"]["node"] == {"id": global_id, "name": inst.name}
    missing = await gql(client, NODE, {"id": "bm9wZTox"})
    assert missing["data"]["node"] is None


async def test_statements_do_not_grow_with_page_size(
    client: httpx.AsyncClient, session: AsyncSession, statements: StatementCounter
) -> None:
    for i in range(12):
        await factories.institution(
            session, name=f"计数医院{i:02d}", district="310104" if i % 2 else "310115"
        )
    await session.commit()
    await gql(client, INSTITUTIONS, {"filter": {"nameContains": "计数医院"}, "first": 1})
    counts = []  # after the first request, which reads the authorities once per app
    for first in (2, 10):
        statements.count = 0
        await gql(client, INSTITUTIONS, {"filter": {"nameContains": "计数医院"}, "first": first})
        counts.append(statements.count)
    assert counts[0] == counts[1]

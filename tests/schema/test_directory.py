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


SHOWN = {
    "__typename": "__typename",
    "district": "district { code }",
    "authority": "authority { code nameZh }",
}


def _selection(field: str) -> str:
    return SHOWN.get(field, field)


async def test_each_field_of_an_institution_answers_alone_as_beside_all_the_others(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A page reads only the columns its fields show (``COLUMNS_OF_FIELDS``): every field,
    asked alone, on the edges' nodes, on ``nodes`` or through fragments, answers what it
    answers when every field is asked."""
    from schema.directory.types import COLUMNS_OF_FIELDS

    await factories.institution(session, name="列测试医院", district="310104", authority="310000")
    await session.commit()
    everything = " ".join(_selection(f) for f in COLUMNS_OF_FIELDS)
    flt = '(filter: {nameContains: "列测试"}, first: 5)'
    full = await gql(client, f"{{ institutions{flt} {{ edges {{ node {{ {everything} }} }} }} }}")
    node = full["data"]["institutions"]["edges"][0]["node"]
    assert node["authority"] == {"code": "310000", "nameZh": "上海市卫生健康委员会"}
    assert node["subjects"] == ["内科", "外科"]
    assert node["beds"] == 300
    assert set(node) == set(COLUMNS_OF_FIELDS)
    for field in COLUMNS_OF_FIELDS:
        shown = _selection(field)
        for document in (
            f"{{ institutions{flt} {{ edges {{ node {{ {shown} }} }} }} }}",
            f"{{ institutions{flt} {{ nodes {{ ... on Institution {{ {shown} }} }} }} }}",
            f"{{ institutions{flt} {{ ...E }} }} fragment E on InstitutionConnection "
            f"{{ edges {{ node {{ ...F }} }} }} fragment F on Institution {{ {shown} }}",
        ):
            body = await gql(client, document)
            assert "errors" not in body, (document, body)
            page = body["data"]["institutions"]
            answer = page["nodes"][0] if "nodes" in page else page["edges"][0]["node"]
            assert answer == {field: node[field]}, document


async def test_the_directory_reads_only_what_a_page_shows_and_never_contacts(
    session: AsyncSession,
) -> None:
    from directory import reads
    from schema.directory.types import columns_read

    await factories.institution(session, name="联系人测试医院")
    await session.flush()
    flt = reads.InstitutionFilter(name_contains="联系人测试")
    everything = await reads.institutions(session, flt, first=1, after=None)
    assert set(everything.items[0]._fields) == reads.PUBLIC_COLUMNS
    assert not any("contact" in name for name in reads.PUBLIC_COLUMNS)
    shown = columns_read(frozenset({"name", "type", "district"}))
    page = await reads.institutions(session, flt, first=1, after=None, columns=shown)
    assert set(page.items[0]._fields) == {"id", "name", "type", "district_code"}
    assert columns_read(frozenset({"name", "aFieldAddedLater"})) == reads.PUBLIC_COLUMNS
    hostile = await reads.institutions(
        session, flt, first=1, after=None, columns={"contact_mobile_enc", "name"}
    )
    assert set(hostile.items[0]._fields) == {"id", "name"}


async def test_districts_answer_before_the_app_has_read_the_authorities(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """On an app's first page the authorities are not read yet: each institution's district
    and authority are awaited once, and no coroutine is left behind unawaited."""
    import gc
    import warnings

    await factories.institution(session, name="首读医院", district="310104", authority="310000")
    await session.commit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body = await gql(client, INSTITUTIONS, {"filter": {"nameContains": "首读医院"}, "first": 5})
        gc.collect()
    node = body["data"]["institutions"]["edges"][0]["node"]
    assert node["district"] == {"code": "310104", "nameZh": "徐汇区卫生健康委员会"}
    assert node["authority"] == {"code": "310000"}
    assert not [w for w in caught if "never awaited" in str(w.message)]

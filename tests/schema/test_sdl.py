from schema.root import SDL_PATH, export_sdl


def test_committed_sdl_matches_the_schema() -> None:
    assert SDL_PATH.read_text() == export_sdl(), (
        "schema/schema.graphql is stale: run `make schema` and commit it"
    )

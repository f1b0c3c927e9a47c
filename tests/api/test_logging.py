import logging

import httpx
import pytest
import structlog

from api.logging import configure_logging, scrub


def test_scrub_masks_id_numbers_and_mobiles() -> None:
    text = "id 31011519950517002X and 310115199505170044 mobile 13812345678, +8613912345678"
    cleaned = scrub(text)
    assert "31011519950517002X" not in cleaned
    assert "310115199505170044" not in cleaned
    assert "13812345678" not in cleaned
    assert "13912345678" not in cleaned
    assert "3101**********002X" in cleaned
    assert "138****5678" in cleaned


def test_scrub_leaves_other_numbers() -> None:
    assert scrub("order 2026000123 took 12 ms") == "order 2026000123 took 12 ms"


def test_log_lines_carry_request_id_and_no_personal_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", json=True)
    structlog.contextvars.bind_contextvars(request_id="abc123")
    try:
        structlog.get_logger("t").info("activation", mobile="13812345678")
        logging.getLogger("other").warning("raw %s", "31011519950517002X")
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
    err = capsys.readouterr().err
    assert "13812345678" not in err
    assert "31011519950517002X" not in err
    assert err.count("abc123") == 2


async def test_verification_tokens_are_not_logged(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", json=True)
    await client.get("/v/eyJhbGciOiJFUzI1NiJ9.secret-holder-name.sig")
    # The test client's own "HTTP Request" line is not the server's log.
    server_lines = [ln for ln in capsys.readouterr().err.splitlines() if '"httpx"' not in ln]
    assert not [ln for ln in server_lines if "secret-holder-name" in ln]
    assert any('"path": "/v/…"' in ln for ln in server_lines)

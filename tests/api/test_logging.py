import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog

from api.logging import QUIET_LIBRARIES, configure_logging, scrub
from certificates.config import SigningConfig
from certificates.render import render_licence
from certificates.values import LicenceKind
from tests.factories.licences import licence_data


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


def test_a_stream_closed_by_an_earlier_runner_does_not_break_logging(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CLI and test runners swap ``sys.stderr`` and close their stream afterwards: lines
    logged later go to the stream of the moment, not to the closed one."""
    runner_stream = io.StringIO()
    captured = sys.stderr
    sys.stderr = runner_stream
    try:
        configure_logging("INFO", json=True)
    finally:
        sys.stderr = captured
    runner_stream.close()
    logging.getLogger("medreg.test").warning("after the runner closed its stream")
    err = capsys.readouterr().err
    assert "Logging error" not in err
    assert "after the runner closed its stream" in err


@pytest.fixture
def debug_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    configure_logging("DEBUG")
    yield
    root.setLevel(level)


@pytest.mark.usefixtures("debug_logging")
def test_rendering_a_licence_logs_nothing_from_the_font_and_pdf_libraries(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    config = SigningConfig(
        data_dir=tmp_path, key_passphrase=b"unused", public_url="https://medreg.example.gov.cn/"
    )
    with caplog.at_level(logging.DEBUG):
        pdf = render_licence(
            licence_data(LicenceKind.NURSE_PRACTICE), "https://medreg.example.gov.cn/v/t", config
        )
        logging.getLogger("medreg.test").debug("our own debug lines still show")
    assert pdf.startswith(b"%PDF-")
    noisy = [r.name for r in caplog.records if r.name.split(".")[0] in QUIET_LIBRARIES]
    assert noisy == []
    assert [r.name for r in caplog.records] == ["medreg.test"]

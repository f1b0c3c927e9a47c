"""The page a phone camera opens from a licence's QR code: self-contained HTML (inline CSS,
no script), bilingual, the status in large coloured text."""

from __future__ import annotations

from datetime import datetime
from html import escape

from certificates.scans import VerificationResult
from certificates.values import AuthorityInfo, VerificationStatus
from certificates.wording import KIND_TITLES, date_en, date_zh
from core.clock import SHANGHAI

V = VerificationStatus

STATUS_TEXT: dict[VerificationStatus, tuple[str, str, str, str]] = {
    # zh, en, explanation zh, explanation en
    V.VALID: (
        "有效",
        "VALID",
        "本证照真实有效。",
        "This licence is genuine and in force.",
    ),
    V.SUPERSEDED: (
        "已被新版本取代",
        "SUPERSEDED",
        "该证照已有更新版本，本版本不再有效，请向持证人索取最新版本。",
        "A newer version of this licence exists; this one is no longer in force. "
        "Ask the holder for the current version.",
    ),
    V.SUSPENDED: (
        "已暂停",
        "SUSPENDED",
        "发证机关已暂停该证照，持证人暂不得凭此执业。",
        "The issuing authority has suspended this licence; the holder may not practise "
        "under it for now.",
    ),
    V.REVOKED: (
        "已注销",
        "REVOKED",
        "该证照已被注销，不再有效。",
        "This licence has been revoked and is no longer valid.",
    ),
    V.EXPIRED: (
        "已过期",
        "EXPIRED",
        "该证照有效期已届满。",
        "The validity of this licence has ended.",
    ),
    V.FORGED: (
        "无法核验",
        "FORGED",
        "此二维码并非由卫生健康委员会签发，或已被篡改。请勿采信该文件。",
        "This code was not issued by the health commission, or it was altered. "
        "Do not rely on this document.",
    ),
}

COLOURS: dict[VerificationStatus, tuple[str, str]] = {
    # text, background
    V.VALID: ("#ffffff", "#1b7a3d"),
    V.SUPERSEDED: ("#1f1f1f", "#f2b01e"),
    V.SUSPENDED: ("#ffffff", "#c25400"),
    V.REVOKED: ("#ffffff", "#b3261e"),
    V.EXPIRED: ("#ffffff", "#5b5f66"),
    V.FORGED: ("#ffffff", "#8c1010"),
}

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;background:#f4f1ea;color:#1f1f1f;line-height:1.45}
main{max-width:34rem;margin:0 auto;padding:1rem}
header{font-size:.95rem;color:#5b5f66;margin:.25rem 0 1rem}
header strong{color:#8a1c24;font-size:1.05rem}
.status{border-radius:14px;padding:1.25rem 1rem;text-align:center;margin-bottom:1rem}
.status .zh{font-size:2.6rem;font-weight:800;margin:0;letter-spacing:.08em}
.status .en{font-size:1.6rem;font-weight:700;margin:.1rem 0 .6rem;letter-spacing:.12em}
.status p{margin:.2rem 0}
dl{background:#fff;border-radius:14px;padding:.5rem 1rem;margin:0 0 1rem;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
dt{font-size:.85rem;color:#5b5f66;margin-top:.7rem}
dd{margin:0 0 .5rem;font-size:1.1rem;font-weight:600;word-break:break-all}
dd span,dt span{display:block;font-weight:400;font-size:.85rem;color:#5b5f66}
footer{font-size:.8rem;color:#5b5f66}
"""


def _row(label_zh: str, label_en: str, value_zh: str, value_en: str = "") -> str:
    en = f"<span>{escape(value_en)}</span>" if value_en else ""
    return (
        f"<dt>{escape(label_zh)} <span>{escape(label_en)}</span></dt>"
        f"<dd>{escape(value_zh)}{en}</dd>"
    )


def _as_of(moment: datetime) -> tuple[str, str]:
    local = moment.astimezone(SHANGHAI)
    return (f"{local:%Y-%m-%d %H:%M:%S} 北京时间", f"{local:%Y-%m-%d %H:%M:%S} UTC+8")


def _details(result: VerificationResult, issuer: AuthorityInfo | None) -> str:
    rows = [_row("持证人", "Holder", result.holder_name or "")]
    if result.kind is not None:
        rows.append(_row("证照类型", "Licence", *KIND_TITLES[result.kind]))
    rows.append(_row("编号", "Number", result.number or ""))
    rows.append(_row("版本", "Version", str(result.version or "")))
    if issuer is not None:
        rows.append(_row("发证机关", "Issued by", issuer.name_zh, issuer.name_en))
    elif result.authority_code:
        rows.append(_row("发证机关", "Issued by", result.authority_code))
    if result.valid_until is not None:
        until = result.valid_until
        rows.append(_row("有效期至", "Valid until", date_zh(until), date_en(until)))
    else:
        rows.append(_row("有效期至", "Valid until", "长期", "no expiry"))
    return "".join(rows)


def render_verification(
    result: VerificationResult,
    issuer: AuthorityInfo | None,
    *,
    shared_until: datetime | None = None,
) -> str:
    """The verdict on a scanned code; ``shared_until``: opened from a holder's share link."""
    zh, en, explain_zh, explain_en = STATUS_TEXT[result.status]
    fg, bg = COLOURS[result.status]
    details = "" if result.status is V.FORGED else _details(result, issuer)
    as_of_zh, as_of_en = _as_of(result.status_as_of)
    as_of = _row("状态时间", "Status as of", as_of_zh, as_of_en)
    if shared_until is not None:
        until_zh, until_en = _as_of(shared_until)
        as_of += _row("分享链接有效至", "Shared link valid until", until_zh, until_en)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(zh)} {escape(en)} · 电子证照核验 Licence verification</title>
<style>{_STYLE}</style></head>
<body><main>
<header><strong>上海市卫生健康委员会 电子证照核验</strong><br>
Shanghai Municipal Health Commission · licence verification</header>
<section class="status" role="status" data-status="{en}" style="color:{fg};background:{bg}">
<p class="zh">{escape(zh)}</p><p class="en">{escape(en)}</p>
<p>{escape(explain_zh)}</p><p>{escape(explain_en)}</p>
</section>
<dl>{details}{as_of}</dl>
<footer><p>核验结果为查询时的实时状态。离线核验公钥：
<a href="/.well-known/jwks.json">JWKS</a>；
根证书：<a href="/pki/root.crt">root.crt</a>。</p>
<p>The status shown is the live status at the time above. Public keys for offline checks:
JWKS; the commission's root certificate: root.crt.</p></footer>
</main></body></html>
"""


UNAVAILABLE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>核验暂不可用 Verification unavailable</title>
<body style="font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem">
<h1>核验暂不可用</h1><p>Verification is not available right now; please try again later.</p>
</body></html>"""


SHARE_CLOSED: dict[str, tuple[str, str]] = {
    "SHARE_EXPIRED": (
        "该分享链接已过期，无法再查看证照。请向持证人索取新的链接，或扫描其电子证照上的二维码。",
        "This share link has expired and no longer shows the licence. Ask the holder for a new "
        "link, or scan the QR code on their electronic licence.",
    ),
    "SHARE_REVOKED": (
        "持证人已撤销该分享链接，无法再查看证照。",
        "The holder has revoked this share link; it no longer shows the licence.",
    ),
}


def render_share_closed(reason: str) -> str:
    """The page an expired or revoked share link opens: says so, shows nothing of the licence."""
    zh, en = SHARE_CLOSED[reason]
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>分享链接已失效 Share link closed · 电子证照核验 Licence verification</title>
<style>{_STYLE}</style></head>
<body><main>
<header><strong>上海市卫生健康委员会 电子证照核验</strong><br>
Shanghai Municipal Health Commission · licence verification</header>
<section class="status" role="status" data-status="{escape(reason)}"
 style="color:#ffffff;background:#5b5f66">
<p class="zh">链接已失效</p><p class="en">LINK CLOSED</p>
<p>{escape(zh)}</p><p>{escape(en)}</p>
</section>
</main></body></html>
"""

"""Per-document CJK font subsets, built from glyphs converted once per process.

Handing fpdf2 the whole Noto CJK collection costs ~0.6 s per PDF (parsing a 65,535-glyph CFF
font and subsetting it). Instead the face is opened once, each glyph a licence uses is converted
to TrueType outlines the first time it is seen, and every PDF gets a font holding exactly its
own characters, which fpdf2 embeds (and re-subsets) in a few milliseconds.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph

from certificates.errors import FontMissing

_NOTDEF = ".notdef"
_MAX_CURVE_ERROR = 1.0  # font units (1/1000 em): invisible at any print size


class GlyphMissing(ValueError):
    """The font has no glyph for some characters; printing boxes is never acceptable."""

    def __init__(self, characters: Iterable[str]) -> None:
        self.characters = "".join(sorted(set(characters)))
        super().__init__(f"the licence font has no glyph for: {self.characters}")


@dataclass(frozen=True)
class _ConvertedGlyph:
    """A glyph compiled once to TrueType bytes, with what the font tables need to know."""

    data: bytes
    advance: int
    left_side_bearing: int
    bounds: tuple[int, int, int, int] | None
    points: int
    contours: int


class GlyphSource:
    """One face of a font file, opened once; glyphs converted on first use and kept."""

    def __init__(self, path: Path, index: int = 0) -> None:
        if not path.is_file():
            raise FontMissing(path)
        self._font = TTFont(path, fontNumber=index, lazy=True)
        self._cmap: dict[int, str] = self._font.getBestCmap()
        self._glyph_set = self._font.getGlyphSet()
        self._metrics = self._font["hmtx"].metrics
        self._units_per_em = int(self._font["head"].unitsPerEm)
        hhea = self._font["hhea"]
        self._ascent, self._descent = int(hhea.ascent), int(hhea.descent)
        self._family = str(self._font["name"].getBestFamilyName() or "LicenceFont")
        self._converted: dict[str, _ConvertedGlyph] = {}
        self._lock = threading.Lock()

    @property
    def family(self) -> str:
        return self._family

    def missing(self, text: str) -> set[str]:
        return {ch for ch in set(text) if ord(ch) not in self._cmap and not ch.isspace()}

    def _convert(self, name: str) -> _ConvertedGlyph:
        converted = self._converted.get(name)
        if converted is None:
            pen = TTGlyphPen(None)
            self._glyph_set[name].draw(Cu2QuPen(pen, _MAX_CURVE_ERROR, reverse_direction=True))
            glyph = pen.glyph()
            glyph.recalcBounds(None)  # pen glyphs are simple: no glyf table needed
            has_outline = glyph.numberOfContours > 0
            points, contours = glyph.getMaxpValues() if has_outline else (0, 0)
            converted = _ConvertedGlyph(
                data=glyph.compile(None, recalcBBoxes=False),
                advance=int(self._metrics[name][0]),
                left_side_bearing=int(glyph.xMin) if has_outline else 0,
                bounds=(glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) if has_outline else None,
                points=points,
                contours=contours,
            )
            self._converted[name] = converted
        return converted

    def subset_font(self, text: str) -> bytes:
        """A TrueType font with the glyphs of ``text`` (plus .notdef and space)."""
        missing = self.missing(text)
        if missing:
            raise GlyphMissing(missing)
        mapping = {
            ord(ch): self._cmap[ord(ch)] for ch in set(text) | {" "} if ord(ch) in self._cmap
        }
        names = [_NOTDEF, *sorted(set(mapping.values()) - {_NOTDEF})]
        with self._lock:
            glyphs = {name: self._convert(name) for name in names}
        return self._build(names, mapping, glyphs)

    def _build(
        self, names: list[str], mapping: dict[int, str], glyphs: dict[str, _ConvertedGlyph]
    ) -> bytes:
        builder = FontBuilder(self._units_per_em, isTTF=True)
        # Every glyph is compiled already and its bounds known: table values are set here
        # rather than recomputed by decoding each outline again.
        builder.font.recalcBBoxes = False
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap(mapping)
        glyf = newTable("glyf")
        glyf.glyphs = {name: Glyph(glyphs[name].data) for name in names}
        glyf.glyphOrder = names
        builder.font["loca"] = newTable("loca")
        builder.font["glyf"] = glyf
        builder.setupHorizontalMetrics(
            {name: (glyphs[name].advance, glyphs[name].left_side_bearing) for name in names}
        )
        builder.setupHorizontalHeader(
            ascent=self._ascent,
            descent=self._descent,
            advanceWidthMax=max(g.advance for g in glyphs.values()),
        )
        builder.setupNameTable({"familyName": self._family, "styleName": "Regular"})
        builder.setupOS2(
            sTypoAscender=self._ascent,
            sTypoDescender=self._descent,
            usWinAscent=self._ascent,
            usWinDescent=-self._descent,
            sCapHeight=int(self._ascent * 0.6),
        )
        builder.setupPost()
        boxes = [g.bounds for g in glyphs.values() if g.bounds is not None]
        head = builder.font["head"]
        if boxes:
            head.xMin = min(b[0] for b in boxes)
            head.yMin = min(b[1] for b in boxes)
            head.xMax = max(b[2] for b in boxes)
            head.yMax = max(b[3] for b in boxes)
        maxp = builder.font["maxp"]
        maxp.maxPoints = max((g.points for g in glyphs.values()), default=0)
        maxp.maxContours = max((g.contours for g in glyphs.values()), default=0)
        out = BytesIO()
        builder.save(out)
        return out.getvalue()


_SOURCES: dict[tuple[Path, int], GlyphSource] = {}
_SOURCES_LOCK = threading.Lock()


def glyph_source(path: Path, index: int) -> GlyphSource:
    """The process-wide glyph source of a font face."""
    key = (path.resolve() if path.exists() else path, index)
    with _SOURCES_LOCK:
        source = _SOURCES.get(key)
        if source is None:
            source = GlyphSource(path, index)
            _SOURCES[key] = source
        return source


@contextmanager
def font_file(data: bytes) -> Iterator[Path]:
    """fpdf2 reads fonts from paths: a private temporary ``.ttf`` removed afterwards."""
    fd, name = tempfile.mkstemp(prefix="medreg-font-", suffix=".ttf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        yield Path(name)
    finally:
        os.unlink(name)

"""Bytes from disk to text: size limits, transparent gunzip, binary sniffing and charsets.

Reading (``read_input_bytes``) refuses what cannot be an article before anything is parsed:
missing or unreadable files, empty files, files over the size limit (also after gunzip,
which is done in bounded steps so a small "gzip bomb" cannot fill the memory) and broken
gzip data.

Decoding (``decode_text``) picks the charset the way a careful browser would, but trusts
the bytes over labels that lie:

1. a byte order mark (UTF-8, UTF-16, UTF-32) always wins;
2. UTF-16 without a BOM is recognised by its pattern of NUL bytes;
3. bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever the label says
   (text in a legacy charset is practically never valid UTF-8 by chance, so a page
   labelled ``iso-8859-1`` that is really UTF-8 still reads right);
4. the declared charset (HTTP header or caller), if it decodes the bytes strictly;
5. for HTML, the ``<meta charset>`` / ``http-equiv`` of the first 4 KB; for XML, the
   ``encoding`` of the XML declaration; again only if it decodes strictly;
6. Windows-1252 as the last resort; it reads every byte, so decoding never fails.

Labels ``iso-8859-1``, ``latin-1`` and ``ascii`` are read as Windows-1252, as browsers do;
unknown labels, and codecs that are not charsets (``base64``, ``unicode_escape``, ``utf-7``
...), are ignored. The text comes back with newlines normalised to ``\\n`` and NUL
characters removed.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zlib
from pathlib import Path

from claimwatch.errors import MalformedSource, UnreadableSource

#: Largest input accepted, in bytes; the limit applies after gunzip too.
MAX_INPUT_BYTES = 50_000_000

_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"

# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common binary formats, for a clear message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip-compressed file"),
    (b"BZh91AY&SY", "bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"OggS\x00", "Ogg audio or video"),
    (b"fLaC\x00", "FLAC audio"),
    (b"ID3\x02", "MP3 audio"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska or WebM video"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

# Labels browsers read as a wider charset (WHATWG Encoding Standard), by Python codec name.
_WIDER = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}
# Codecs Python knows that are not charsets a document can be written in.
_NOT_CHARSETS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "utf-7", "idna", "punycode", "undefined"}
)
_WIDE_UNICODE = ("utf-16", "utf-32")

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_.:\-]{0,39})""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(
    rb"""\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9][A-Za-z0-9_.:\-]{0,39})["']""",
    re.IGNORECASE,
)
# C0 and C1 control characters that do not occur in real text (tab, newlines, form feed
# and escape are left out).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _c1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Bytes Windows-1252 leaves undefined (0x81, 0x8D ...) become C1 controls, as in browsers."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(b) for b in bad), exc.end


codecs.register_error("claimwatch-c1", _c1_fallback)


def read_input_bytes(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of ``path``, gunzipped if it is gzip-compressed (by magic number).

    Raises ``UnreadableSource`` for a missing, unreadable, empty or oversized file (the
    limit applies to the compressed and to the decompressed size) and ``MalformedSource``
    for truncated or corrupt gzip data.
    """
    name = str(path)
    try:
        with Path(path).open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > limit:  # 0 for pipes: read and count
                raise UnreadableSource(_too_large(name, limit))
            head = stream.read(len(_GZIP_MAGIC))
            if head == _GZIP_MAGIC:
                stream.seek(0)
                data = _gunzip(stream, name, limit)
            else:
                data = head + _read_limited(stream, limit - len(head))
                if len(data) > limit:
                    raise UnreadableSource(_too_large(name, limit))
    except FileNotFoundError:
        raise UnreadableSource(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UnreadableSource(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise UnreadableSource(f"{name}: permission denied; check the file's permissions") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise UnreadableSource(f"{name}: cannot be read ({reason})") from None
    if not data.strip():
        raise UnreadableSource(f"{name}: empty file" + ("" if not data else " (only whitespace)"))
    return data


def _read_limited(stream: io.BufferedIOBase, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes: one more than allowed tells the caller it is too large."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _gunzip(stream: io.BufferedIOBase, name: str, limit: int) -> bytes:
    """Decompress in bounded reads, so the output never grows past ``limit + 1`` bytes."""
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            data = _read_limited(unzipped, limit)
    except EOFError:
        raise MalformedSource(
            f"{name}: truncated gzip: the compressed data ends too early; "
            "copy or download the file again"
        ) from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise MalformedSource(f"{name}: corrupt gzip data ({exc})") from None
    if len(data) > limit:
        raise UnreadableSource(
            f"{name}: decompresses to more than {_size(limit)}, the input limit; "
            "split it into smaller files or raise CLAIMWATCH_MAX_INPUT_BYTES"
        )
    return data


def _too_large(name: str, limit: int) -> str:
    return (
        f"{name}: larger than {_size(limit)}, the input limit; "
        "split it into smaller files or raise CLAIMWATCH_MAX_INPUT_BYTES"
    )


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: known binary magic numbers, NULs, control bytes.

    UTF-16 and UTF-32 text (with a BOM, or UTF-16 by its NUL pattern) is text.
    """
    return _binary_kind(data) is not None


def _binary_kind(data: bytes, *, wide_text: bool = False) -> str | None:
    """What kind of binary file ``data`` looks like ("PNG image", "binary data"), or None.

    ``wide_text``: the data is declared UTF-16 or UTF-32, where non-Latin text is made of
    bytes that would otherwise count as control characters.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypqt  ", b"ftypavif"):
        return "MP4 or QuickTime media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:8192]
    if wide_text:
        return None
    nuls = sample.count(0)
    if nuls and _utf16_without_bom(data):
        return None
    if nuls > len(sample) // 100:  # a stray NUL in a long text is tolerated (and removed)
        return "binary data"
    controls = sum(1 for b in sample if b < 9 or (13 < b < 32 and b != 27))
    if sample and controls / len(sample) > 0.1:
        return "binary data"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the NULs fall on one byte of each pair, like text.

    Text in a Latin script in UTF-16 has a NUL as the high byte of most characters; a
    binary file has NULs in both positions, or too few.
    """
    sample = data[:8192]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        codec = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) - len(data) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if _plausible(text) else None


def _plausible(text: str) -> bool:
    """Few characters that never occur in real text."""
    return len(_CONTROL.findall(text)) <= 0.02 * max(len(text), 1)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KB, lowercased.

    Both ``<meta charset="...">`` and ``<meta http-equiv="Content-Type"
    content="text/html; charset=...">`` are found. The label is returned as written (it
    may name an encoding Python does not know).
    """
    head = _strip_comments(data[:4096])
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _strip_comments(head: bytes) -> bytes:
    return re.sub(rb"<!--.*?(?:-->|\Z)", b"", head, flags=re.DOTALL)


def _xml_encoding(data: bytes) -> str | None:
    match = _XML_ENCODING.match(data[:512])
    return match.group(1).decode("ascii").lower() if match else None


def decode_text(data: bytes, *, declared: str | None = None, origin: str = "") -> str:
    """The text of ``data``; see the module docstring for how the charset is chosen.

    Raises ``UnreadableSource`` for binary data; never fails on text in any charset.
    """
    wide = (_codec(declared) or "").startswith(_WIDE_UNICODE)
    kind = _binary_kind(data, wide_text=wide)
    if kind is not None:
        name = origin or "input"
        described = "" if kind == "binary data" else f" ({kind})"
        raise UnreadableSource(f"{name}: looks like a binary file{described}, not text")
    text = _decode(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data[: len(data) - len(data) % 2].decode(utf16, errors="replace")
    ascii_only = data.isascii()
    if not ascii_only:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    labels = (declared, sniff_html_charset(data), _xml_encoding(data))
    for label in labels:
        codec = _codec(label)
        if codec is None or codec == "utf-8":
            continue  # UTF-8 was tried above
        if codec.startswith(_WIDE_UNICODE) and (label != declared or _plausible_8bit(data)):
            # A page that can say "utf-16" in ASCII is not UTF-16; a header can be right.
            continue
        try:
            text = data.decode(codec)
        except (UnicodeError, LookupError):
            continue
        if _plausible(text) or codec == "cp1252":
            return text
    if ascii_only:
        return data.decode("ascii")
    return data.decode("cp1252", errors="claimwatch-c1")


def _plausible_8bit(data: bytes) -> bool:
    return _plausible(data.decode("cp1252", errors="claimwatch-c1"))


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, widened as browsers do; None when unusable."""
    if not label or len(label) > 40:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError, TypeError):
        return None
    if info.name in _NOT_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    name = _WIDER.get(info.name, info.name)
    return "utf-8" if name == "utf-8-sig" else name

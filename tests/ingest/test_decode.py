"""Reading input files and decoding their text: sizes, gzip, binary sniffing, charsets."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.ingest.decode import (
    MAX_INPUT_BYTES,
    decode_text,
    looks_binary,
    read_input_bytes,
    sniff_html_charset,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"

# Characters that differ between Windows-1252, Latin-1 and UTF-8: accents, curly quotes,
# a dash and the euro sign (which Latin-1 lacks).
SAMPLE = "Café “Marea” in Port Elsin — naïve façade, 5 € a night, Ilse Varn’s report."


# -- read_input_bytes ------------------------------------------------------------------------


def test_read_input_bytes_reads_a_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"The harbour opens in May.\n")
    assert read_input_bytes(path) == b"The harbour opens in May.\n"


def test_read_input_bytes_gunzips_by_suffix_and_by_magic(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-8") * 20
    named = tmp_path / "story.html.gz"
    named.write_bytes(gzip.compress(data))
    unnamed = tmp_path / "story.bin"
    unnamed.write_bytes(gzip.compress(data))
    assert read_input_bytes(named) == data
    assert read_input_bytes(unnamed) == data


def test_read_input_bytes_reads_every_gzip_member(tmp_path: Path) -> None:
    path = tmp_path / "two.txt.gz"
    path.write_bytes(gzip.compress(b"first part, ") + gzip.compress(b"second part"))
    assert read_input_bytes(path) == b"first part, second part"


def test_read_input_bytes_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match=r"nothere\.html: no such file"):
        read_input_bytes(tmp_path / "nothere.html")


def test_read_input_bytes_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match="is a folder"):
        read_input_bytes(tmp_path)


def test_read_input_bytes_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadableSource, match=r"empty\.txt: empty file$"):
        read_input_bytes(path)


def test_read_input_bytes_whitespace_only_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\t\r\n ")
    with pytest.raises(UnreadableSource, match=r"empty file \(only whitespace\)"):
        read_input_bytes(path)


def test_read_input_bytes_empty_gzip_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt.gz"
    path.write_bytes(gzip.compress(b""))
    with pytest.raises(UnreadableSource, match="empty file"):
        read_input_bytes(path)


def test_read_input_bytes_oversized_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(UnreadableSource, match=r"big\.txt: larger than 1 kB, the input limit"):
        read_input_bytes(path, limit=1000)
    path.write_bytes(b"x" * 1000)
    assert len(read_input_bytes(path, limit=1000)) == 1000


def test_read_input_bytes_default_limit_is_fifty_megabytes() -> None:
    assert MAX_INPUT_BYTES == 50_000_000


def test_read_input_bytes_truncated_gzip_is_malformed(tmp_path: Path) -> None:
    packed = gzip.compress(SAMPLE.encode("utf-8") * 200)
    path = tmp_path / "cut.html.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(MalformedSource, match=r"cut\.html\.gz: truncated gzip: "):
        read_input_bytes(path)


def test_read_input_bytes_corrupt_gzip_is_malformed(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(SAMPLE.encode("utf-8") * 200))
    packed[-8:-4] = bytes(4)  # a wrong CRC
    path = tmp_path / "bad.html.gz"
    path.write_bytes(bytes(packed))
    with pytest.raises(MalformedSource, match=r"bad\.html\.gz: corrupt gzip data"):
        read_input_bytes(path)


def test_read_input_bytes_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    # 20 MB of zeros compress to about 20 kB; the limit is on what comes out.
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\0" * 20_000_000, compresslevel=9))
    assert path.stat().st_size < 100_000
    with pytest.raises(UnreadableSource, match=r"bomb\.txt\.gz: decompresses to more than 1 MB"):
        read_input_bytes(path, limit=1_000_000)


def test_read_input_bytes_compressed_size_counts_too(tmp_path: Path) -> None:
    path = tmp_path / "noise.gz"
    path.write_bytes(gzip.compress(bytes(range(256)) * 20))
    with pytest.raises(
        UnreadableSource, match=r"noise\.gz: larger than 100 bytes, the input limit"
    ):
        read_input_bytes(path, limit=100)


# -- looks_binary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x7fELF\x02\x01\x01\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ],
)
def test_looks_binary_knows_magic_numbers(head: bytes) -> None:
    assert looks_binary(head + b"rest of the file")


def test_looks_binary_nul_bytes_mean_binary() -> None:
    assert looks_binary(bytes(range(256)) * 4)
    assert looks_binary(b"abc\x00\x00\x00def\x00\x00ghi\x00")


def test_looks_binary_text_is_not_binary() -> None:
    assert not looks_binary(SAMPLE.encode("utf-8"))
    assert not looks_binary(SAMPLE.encode("cp1252"))
    assert not looks_binary(b"<!doctype html><html><body><p>Hello</p></body></html>")


def test_looks_binary_utf16_text_is_not_binary() -> None:
    assert not looks_binary(SAMPLE.encode("utf-16"))  # with BOM
    assert not looks_binary(SAMPLE.encode("utf-16-le"))
    assert not looks_binary(SAMPLE.encode("utf-16-be"))
    assert not looks_binary(SAMPLE.encode("utf-32"))


def test_looks_binary_stray_nul_in_long_text_is_tolerated() -> None:
    assert not looks_binary(b"one stray NUL\x00 in a long text." + b" More words." * 20)


# -- decode_text -----------------------------------------------------------------------------


def test_decode_text_utf8_without_declaration() -> None:
    assert decode_text(SAMPLE.encode("utf-8")) == SAMPLE


def test_decode_text_windows_1252_without_declaration() -> None:
    assert decode_text(SAMPLE.encode("cp1252")) == SAMPLE


def test_decode_text_windows_1252_fixture_file() -> None:
    data = (FIXTURES / "cp1252_story.txt").read_bytes()
    text = decode_text(data, origin="cp1252_story.txt")
    assert "“We would rather open late than open unsafe,”" in text
    assert "4 million €" in text
    assert "\r" not in text


def test_decode_text_utf16_with_bom() -> None:
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        data = SAMPLE.encode(codec)
        if codec != "utf-16":
            data = ("\ufeff" + SAMPLE).encode(codec)
        assert decode_text(data) == SAMPLE


def test_decode_text_utf16_without_bom() -> None:
    assert decode_text(SAMPLE.encode("utf-16-le")) == SAMPLE
    assert decode_text(SAMPLE.encode("utf-16-be")) == SAMPLE


def test_decode_text_utf32_and_utf8_boms() -> None:
    assert decode_text(SAMPLE.encode("utf-32")) == SAMPLE
    assert decode_text(SAMPLE.encode("utf-8-sig")) == SAMPLE


def test_decode_text_bom_beats_a_declaration() -> None:
    assert decode_text(SAMPLE.encode("utf-8-sig"), declared="windows-1252") == SAMPLE
    assert decode_text(SAMPLE.encode("utf-16"), declared="utf-8") == SAMPLE


def test_decode_text_declared_charset_is_used() -> None:
    russian = "Порт Эльсин откроется в мае."
    assert decode_text(russian.encode("cp1251"), declared="windows-1251") == russian
    japanese = "港は五月に開きます。"
    assert decode_text(japanese.encode("shift_jis"), declared="Shift_JIS") == japanese


def test_decode_text_declared_utf8_that_is_really_windows_1252() -> None:
    assert decode_text(SAMPLE.encode("cp1252"), declared="utf-8") == SAMPLE


def test_decode_text_declared_latin1_that_is_really_utf8() -> None:
    assert decode_text(SAMPLE.encode("utf-8"), declared="iso-8859-1") == SAMPLE


def test_decode_text_latin1_and_ascii_labels_read_as_windows_1252() -> None:
    # 0x93/0x94 are curly quotes in Windows-1252 but control codes in ISO-8859-1.
    data = b"\x93Quoted\x94 for 5 \x80"
    assert decode_text(data, declared="ISO-8859-1") == "“Quoted” for 5 €"
    assert decode_text(data, declared="latin-1") == "“Quoted” for 5 €"
    assert decode_text(data, declared="us-ascii") == "“Quoted” for 5 €"


def test_decode_text_unknown_or_non_charset_labels_are_ignored() -> None:
    assert decode_text(SAMPLE.encode("utf-8"), declared="x-no-such-charset") == SAMPLE
    assert decode_text(b"aGVsbG8gd29ybGQ=", declared="base64") == "aGVsbG8gd29ybGQ="
    assert decode_text(b"caf\\xe9", declared="unicode_escape") == "caf\\xe9"


def test_decode_text_ascii_claiming_utf16_is_read_as_ascii() -> None:
    assert decode_text(b"Plain ASCII words.", declared="utf-16") == "Plain ASCII words."


def test_decode_text_meta_charset_in_html() -> None:
    body = "<p>Порт Эльсин откроется в мае.</p>"
    page = b'<html><head><meta charset="windows-1251"></head><body>' + body.encode("cp1251")
    assert body in decode_text(page)


def test_decode_text_http_equiv_charset_in_html() -> None:
    body = "<p>Ελληνικά νέα από το λιμάνι.</p>"
    page = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-7">'
        b"</head><body>" + body.encode("iso-8859-7")
    )
    assert body in decode_text(page)


def test_decode_text_header_charset_wins_over_meta_charset() -> None:
    body = "Порт Эльсин"
    page = b'<meta charset="koi8-r"><p>' + body.encode("cp1251")
    assert body in decode_text(page, declared="windows-1251")


def test_decode_text_meta_charset_that_lies_about_utf8() -> None:
    page = b'<meta charset="iso-8859-1"><p>' + SAMPLE.encode("utf-8")
    assert SAMPLE in decode_text(page)


def test_decode_text_xml_declaration_encoding() -> None:
    body = "Порт Эльсин"
    data = b'<?xml version="1.0" encoding="windows-1251"?><rss>' + body.encode("cp1251")
    assert body in decode_text(data)


def test_decode_text_binary_is_unreadable() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    with pytest.raises(
        UnreadableSource, match=r"^photo\.html: looks like a binary file \(PNG image\), not text$"
    ):
        decode_text(png, origin="photo.html")
    with pytest.raises(UnreadableSource, match="looks like a binary file, not text"):
        decode_text(bytes(range(256)) * 4, origin="blob")


def test_decode_text_normalises_newlines_and_strips_nul() -> None:
    data = b"line one\r\nline two\rline three\nend" + b"\x00" + b" of a long text" * 10
    text = decode_text(data)
    assert text.startswith("line one\nline two\nline three\nend of a long text")
    assert "\r" not in text
    assert "\x00" not in text


def test_decode_text_windows_1252_undefined_bytes_do_not_fail() -> None:
    assert decode_text(b"caf\xe9 \x81 ok") == "café \x81 ok"


def test_sniff_html_charset_finds_both_forms() -> None:
    assert sniff_html_charset(b'<head><meta charset="UTF-8">') == "utf-8"
    assert sniff_html_charset(b"<head><META CHARSET=windows-1252>") == "windows-1252"
    assert (
        sniff_html_charset(
            b'<meta http-equiv="content-type" content="text/html; charset=ISO-8859-2">'
        )
        == "iso-8859-2"
    )


def test_sniff_html_charset_only_looks_at_the_first_4_kb_and_skips_comments() -> None:
    late = b"<html>" + b" " * 5000 + b'<meta charset="koi8-r">'
    assert sniff_html_charset(late) is None
    commented = b'<!-- <meta charset="big5"> --><meta charset="utf-8">'
    assert sniff_html_charset(commented) == "utf-8"
    assert sniff_html_charset(b"<p>no meta here</p>") is None


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2048), declared=st.none() | st.text(max_size=20))
def test_decode_text_never_raises_anything_but_unreadable(
    data: bytes, declared: str | None
) -> None:
    try:
        text = decode_text(data, declared=declared, origin="fuzz")
    except UnreadableSource:
        return
    assert isinstance(text, str)
    assert "\x00" not in text
    assert "\r" not in text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_decode_text_round_trips_utf8_text(text: str) -> None:
    data = text.encode("utf-8")
    # NUL bytes can make ASCII look like UTF-16 (or like binary data): not UTF-8 text then.
    assume("\x00" not in text and not looks_binary(data))
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode_text(data) == expected.removeprefix("\ufeff")

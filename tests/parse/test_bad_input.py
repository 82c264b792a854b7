"""Input that cannot be read: InputError with one clear line, never a traceback of our own."""

import io
import sys
import zipfile

import pytest

from refcheck.errors import InputError
from refcheck.parse import parse_path, parse_text
from refcheck.read import core


def _err(path) -> str:
    with pytest.raises(InputError) as ei:
        parse_path(str(path))
    msg = str(ei.value)
    assert msg and "\n" not in msg and "Traceback" not in msg
    return msg


def test_missing_file(tmp_path):
    assert "no such file" in _err(tmp_path / "nope.txt")


def test_directory(tmp_path):
    assert "directory" in _err(tmp_path)


def test_empty_file(tmp_path):
    p = tmp_path / "e.txt"
    p.write_bytes(b"")
    assert "empty" in _err(p)
    p.write_bytes(b"  \n\n\t ")
    assert "empty" in _err(p)


@pytest.mark.parametrize(
    "data,word",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"some text\x00\x00\x00more\x00", "NUL"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary(tmp_path, data, word):
    p = tmp_path / "b.txt"
    p.write_bytes(data)
    assert word in _err(p)


def test_too_large(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:  # sparse: 50 MB + 1 without writing it
        fh.seek(core.MAX_BYTES)
        fh.write(b"x")
    assert "50 MB" in _err(p)


def test_no_reference_list(tmp_path):
    p = tmp_path / "prose.txt"
    p.write_text("Just some prose about vitamins.\nNothing is cited here at all.\n")
    assert "no reference list" in _err(p)


def _zip(members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def test_docx_zip_bomb_ratio(tmp_path):
    data = _zip([("[Content_Types].xml", "<x/>"), ("word/document.xml", b"0" * (20 * 1024 * 1024))])
    p = tmp_path / "bomb.docx"
    p.write_bytes(data)
    assert len(data) < 1024 * 1024
    assert "refused" in _err(p)


def test_docx_zip_bomb_total(tmp_path):
    import os

    members = [("[Content_Types].xml", "<x/>"), ("word/document.xml", "<w/>")]
    members += [(f"word/media/{i}.bin", os.urandom(1024 * 1024)) for i in range(51)]
    p = tmp_path / "big.docx"
    p.write_bytes(_zip(members))
    assert "50 MB" in _err(p)


def test_corrupt_docx(tmp_path):
    p = tmp_path / "c.docx"
    p.write_bytes(b"PK\x03\x04" + b"garbage" * 10)
    assert "DOCX" in _err(p)


def test_zip_that_is_not_docx(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(_zip([("hello.txt", "hi")]))
    assert "not a DOCX" in _err(p)


def test_stdin(monkeypatch):
    data = b"1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-81.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = parse_path("-")
    assert doc.source == "-" and doc.references[0].pages == "266-281"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError, match="standard input: empty"):
        parse_path("-")


def test_parse_text_empty():
    with pytest.raises(InputError):
        parse_text("   \n")

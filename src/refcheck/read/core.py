"""A path or bytes → Document: the checks every input gets (size, emptiness, binary, ZIP limits),
then the reader the registry picks."""

from __future__ import annotations

import os
import sys

from refcheck.errors import InputError
from refcheck.read.archive import check_zip
from refcheck.read.document import MAX_BYTES, Document, label_of
from refcheck.read.registry import pick
from refcheck.read.textio import binary_kind, is_zip


def read_path(path: str) -> Document:
    """Read a path, or standard input for '-'."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError("standard input is larger than 50 MB")
        return read_bytes(data, "-")
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is larger than 50 MB ({size // (1024 * 1024)} MB)")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except InputError:
        raise
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: file is larger than 50 MB")
    return read_bytes(data, path)


def read_bytes(data: bytes, name: str = "-") -> Document:
    """Bytes named `name` (a path, or '-' for standard input) → Document, or InputError."""
    label = label_of(name)
    if not data or not data.strip():
        raise InputError(f"{label}: empty input")
    if len(data) > MAX_BYTES:
        raise InputError(f"{label}: input is larger than 50 MB")
    reader = pick(data, name)
    if reader is None:
        what = binary_kind(data)
        if what == "a ZIP archive":
            raise InputError(f"{label}: a ZIP archive, not a text document")
        if what:
            raise InputError(f"{label}: binary input ({what}), not a text document")
        raise InputError(f"{label}: no reader recognises this input")
    if is_zip(data):
        check_zip(data, label, reader.name.upper())
    return reader.read(data, name)


def detect_format(text: str, name: str = "-") -> str:
    """The name of the reader that would read `text` (named `name`)."""
    reader = pick(text.encode("utf-8"), name)
    return reader.name if reader else "text"

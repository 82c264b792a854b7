"""ZIP limits shared by every ZIP-based reader (DOCX, ODT, …): checked before any library opens it.

A ZIP bomb is refused from its directory alone (sizes, ratio, member count), so python-docx and
friends only ever see archives that expand to a bounded size.
"""

from __future__ import annotations

import io
import zipfile

from refcheck.errors import InputError

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member (ordinary XML compresses ~10-30x)
MAX_MEMBERS = 5000


def check_zip(data: bytes, label: str, kind: str = "ZIP") -> zipfile.ZipFile:
    """The opened archive, or InputError naming `kind` ('DOCX') when it is corrupt or a bomb."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{label}: not a valid {kind} (corrupt ZIP)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{label}: {kind} has too many parts ({len(infos)})")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise InputError(f"{label}: {kind} would expand to more than 50 MB; refused")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"{label}: {kind} part {info.filename} has an absurd compression ratio; refused")
    return zf

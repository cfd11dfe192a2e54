"""A private RSA key kept in a file, made on first use (framework-free)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def rsa_private_key_pem(path: Path, *, bits: int = 2048) -> str:
    """The PEM text of the RSA private key at ``path``, made there if the file is missing.

    The file is written readable by its owner only. Several processes that
    start at once (gunicorn workers) each make a key in a temporary file and
    hard-link it into place: the first link wins, the others fail and read the
    winner, so every process signs with the same key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(pem)
            with contextlib.suppress(FileExistsError):  # another process was first: use its key
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii")

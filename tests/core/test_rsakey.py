from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from motcua.core.lib.rsakey import rsa_private_key_pem


def test_the_key_is_made_once_private_to_its_owner_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "oidc.pem"
    first = rsa_private_key_pem(path, bits=1024)
    assert rsa_private_key_pem(path, bits=1024) == first
    assert path.stat().st_mode & 0o077 == 0
    key = serialization.load_pem_private_key(first.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    assert [p.name for p in path.parent.iterdir()] == ["oidc.pem"]  # no temporary file left

"""KSeF's cryptography: AES-256-CBC/PKCS#7 for payloads, RSA-OAEP-SHA256 for keys and tokens."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Iterator

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

AES_KEY_BYTES = 32
IV_BYTES = 16


def new_aes_key() -> bytes:
    return os.urandom(AES_KEY_BYTES)


def new_iv() -> bytes:
    return os.urandom(IV_BYTES)


def aes_encrypt(key: bytes, iv: bytes, plain: bytes) -> bytes:
    """Ciphertext only: KSeF sends the IV separately, never prepended."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_decrypt(key: bytes, iv: bytes, cipher: bytes) -> bytes:
    """Raises ValueError on a wrong key, IV or damaged data (bad padding or length)."""
    if len(cipher) % 16:
        raise ValueError("ciphertext length is not a multiple of the block size")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(cipher) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def aes_decrypt_chunks(key: bytes, iv: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decrypt a ciphertext given in pieces, yielding plaintext pieces: large packages never sit in one
    buffer, and no single call holds the interpreter long (the GUI thread stays responsive).
    Raises ValueError like aes_decrypt."""
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    length = 0
    for chunk in chunks:
        length += len(chunk)
        yield unpadder.update(decryptor.update(chunk))
    if length % 16:
        raise ValueError("ciphertext length is not a multiple of the block size")
    yield unpadder.update(decryptor.finalize()) + unpadder.finalize()


def _oaep() -> asym_padding.OAEP:
    return asym_padding.OAEP(mgf=asym_padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def rsa_oaep_encrypt(public_key: rsa.RSAPublicKey, plain: bytes) -> bytes:
    return public_key.encrypt(plain, _oaep())


def rsa_oaep_decrypt(private_key: rsa.RSAPrivateKey, cipher: bytes) -> bytes:
    return private_key.decrypt(cipher, _oaep())


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def sha256_b64_chunks(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return base64.b64encode(digest.digest()).decode("ascii")


def sha256_b64url(data: bytes) -> str:
    """Unpadded Base64URL SHA-256, as in the KOD I verification link."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Strict Base64 decoding; raises ValueError on anything else."""
    return base64.b64decode(text.encode("ascii"), validate=True)

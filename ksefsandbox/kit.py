"""A login kit: what it takes to log in to the sandbox as one NIP (a KSeF token, a certificate with
its key, the same as PKCS#12 with a password). Plain data, so that it can cross a process boundary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LoginKit:
    nip: str
    ksef_token: str
    certificate_file: Path
    key_file: Path
    pkcs12_file: Path
    pkcs12_password: str

    def to_json(self) -> dict[str, str]:
        return {
            "nip": self.nip,
            "ksef_token": self.ksef_token,
            "certificate_file": str(self.certificate_file),
            "key_file": str(self.key_file),
            "pkcs12_file": str(self.pkcs12_file),
            "pkcs12_password": self.pkcs12_password,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> LoginKit:
        return cls(
            str(data["nip"]),
            str(data["ksef_token"]),
            Path(data["certificate_file"]),
            Path(data["key_file"]),
            Path(data["pkcs12_file"]),
            str(data["pkcs12_password"]),
        )

import pytest

from ksefdesk.core.redaction import MASK, Redactor

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJ0eXAiOiJDb250ZXh0VG9rZW4ifQ.c2lnbmF0dXJlLXZhbHVl"
KSEF_TOKEN = "20251010-EC-2D2C7E9000-4E8F5A1B2C-7F|nip-5265877635|0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Authorization: Bearer {JWT}", JWT),
        ("authorization: bearer abc.def-ghi", "abc.def-ghi"),
        (f'{{"accessToken": {{"token": "{JWT}", "validUntil": "x"}}}}', JWT),
        ('{"refreshToken": "r3fr3sh-value-123"}', "r3fr3sh-value-123"),
        ("{'password': 'hunter2hunter2'}", "hunter2hunter2"),
        ("POST /x?token=abcdef123456&b=1", "abcdef123456"),
        ("passphrase=correct-horse-battery", "correct-horse-battery"),
        (f"token pasted: {KSEF_TOKEN}", KSEF_TOKEN),
        ("got " + JWT + " back", JWT),
        ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----", "MIIEvQIBADAN"),
        ("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----", "MHcCAQEE"),
        ('"encryptedToken": "b64cipher=="', "b64cipher=="),
    ],
)
def test_patterns_mask_secrets_by_shape(text: str, secret: str) -> None:
    out = Redactor().redact(text)
    assert secret not in out
    assert MASK in out


def test_registered_values_are_masked_whatever_their_shape() -> None:
    redactor = Redactor()
    redactor.register("plain words secret 42")
    redactor.register("plain words")  # a shorter secret inside a longer one
    out = redactor.redact("user said plain words secret 42 and plain words")
    assert "plain words" not in out and out.count(MASK) == 2


def test_short_values_are_not_registered() -> None:
    redactor = Redactor()
    redactor.register("abc")
    redactor.register("")
    redactor.register(None)
    assert redactor.redact("abc") == "abc"


def test_ordinary_text_is_left_alone() -> None:
    text = "company 5265877635 authorized, token expires 2026-11-24T10:00:00Z, 3 invoices"
    assert Redactor().redact(text) == text

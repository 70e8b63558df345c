"""Keys and signatures of the release feed "Check for updates" reads (ksefdesk/core/update_feed.py).

    python scripts/sign_feed.py keygen --out DIR         # DIR/update_key.pem (private, mode 0600) + update_key.pub
    python scripts/sign_feed.py sign feed.json --key DIR/update_key.pem    # writes feed.json.sig
    python scripts/sign_feed.py verify feed.json [--pub ksefdesk/resources/update_key.pub]

The private key stays with the release manager, never in the repository. The app ships the public half as
ksefdesk/resources/update_key.pub: after a new ``keygen`` copy DIR/update_key.pub over it, and sign every feed
from then on with the new private key (installed versions keep trusting only the key they shipped with).
``sign`` refuses a feed the app would not read, so a broken feed is never published.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ksefdesk.core.errors import UserError
from ksefdesk.core.update_feed import key_id, parse_feed, parse_public_key, public_key_text, sign, verify

SHIPPED_KEY = Path(__file__).resolve().parent.parent / "ksefdesk" / "resources" / "update_key.pub"
PRIVATE_NAME = "update_key.pem"
PUBLIC_NAME = "update_key.pub"


def keygen(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out / PRIVATE_NAME, out / PUBLIC_NAME
    if private_path.exists() or public_path.exists():
        print(f"{out} already holds a key; choose an empty folder (a key is never overwritten)", file=sys.stderr)
        return 1
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # O_EXCL: an existing key is never overwritten; 0600 from the start, never readable by others
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(private_path, 0o600)  # the umask cannot have widened it, but say so plainly
    public_path.write_text(public_key_text(key), encoding="ascii")
    raw = key.public_key().public_bytes_raw()
    print(f"private key: {private_path} (keep it secret, off the repository)")
    print(f"public key:  {public_path} (key id {key_id(raw)}); copy it to {SHIPPED_KEY} to ship it")
    return 0


def _private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit(f"{path} is not an Ed25519 private key")
    return key


def sign_file(feed: Path, key_path: Path) -> int:
    data = feed.read_bytes()
    try:
        parse_feed(data)  # what the app will read: refuse to sign anything else
    except UserError as exc:
        print(f"{feed}: {exc.message('en')}", file=sys.stderr)
        return 1
    key = _private_key(key_path)
    signature = sign(data, key)
    out = feed.with_name(feed.name + ".sig")
    out.write_bytes(signature)
    raw = key.public_key().public_bytes_raw()
    if SHIPPED_KEY.exists() and parse_public_key(SHIPPED_KEY.read_bytes()) != raw:
        print(f"note: {SHIPPED_KEY} is another key; installed versions will refuse this feed", file=sys.stderr)
    print(f"wrote {out} (key id {key_id(raw)})")
    return 0


def verify_file(feed: Path, public: Path) -> int:
    data = feed.read_bytes()
    try:
        verify(data, feed.with_name(feed.name + ".sig").read_bytes(), parse_public_key(public.read_bytes()))
        releases = parse_feed(data).releases
    except (UserError, OSError) as exc:
        print(f"{feed}: {exc.message('en') if isinstance(exc, UserError) else exc}", file=sys.stderr)
        return 1
    print(f"{feed}: signed by {public}; versions {', '.join(str(r.version) for r in releases) or 'none'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("keygen", help="write a new key pair")
    make.add_argument("--out", type=Path, required=True, help="folder for update_key.pem and update_key.pub")
    signing = commands.add_parser("sign", help="write FEED.sig next to FEED")
    signing.add_argument("feed", type=Path)
    signing.add_argument("--key", type=Path, required=True, help="the private key (update_key.pem)")
    checking = commands.add_parser("verify", help="check FEED against FEED.sig")
    checking.add_argument("feed", type=Path)
    checking.add_argument("--pub", type=Path, default=SHIPPED_KEY, help="the public key (default: the shipped one)")
    args = parser.parse_args(argv)
    if args.command == "keygen":
        return keygen(args.out)
    if args.command == "sign":
        return sign_file(args.feed, args.key)
    return verify_file(args.feed, args.pub)


if __name__ == "__main__":
    raise SystemExit(main())

"""``ksefdesk --self-test``: does this installation have everything it needs? Checks, without touching
the user's data: Qt (widgets, PDF, printing), the Polish translation, the official XML schemas, the
cryptography and XAdES signing, the secret store, the card (PKCS#11) library and the local sandbox.
Exit code 0 when all pass; one line per check either way, for support calls and installer tests."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

Check = Callable[[], str]


def _qt() -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window is shown: works on servers and in installers
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPdfWriter, QTextDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["ksefdesk"])
    label = QLabel("Zażółć gęślą jaźń")
    if label.grab().isNull():
        raise RuntimeError("widgets do not paint")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    document = QTextDocument()
    document.setHtml("<p>Zażółć gęślą jaźń</p>")
    document.print_(writer)
    del writer
    if not bytes(data.data()).startswith(b"%PDF"):
        raise RuntimeError("no PDF written")
    QPrinter()  # printing support loads
    from PySide6 import __version__ as pyside

    del app
    return f"PySide6 {pyside}, platform {os.environ['QT_QPA_PLATFORM']}, PDF writer and printing"


def _translations() -> str:
    from PySide6.QtCore import QTranslator

    from ksefdesk.ui.launch import TRANSLATIONS

    translator = QTranslator()
    path = TRANSLATIONS / "ksefdesk_pl.qm"
    if not translator.load(str(path)):
        raise RuntimeError(f"{path} missing")
    text = translator.translate("MainWindow", "Receive invoices")
    if not text or text == "Receive invoices":
        raise RuntimeError("the Polish translation is empty")
    return f"Polish: “{text}”"


def _schemas() -> str:
    from ksefdesk.core.fa3 import check_invoice_bytes
    from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
    from ksefdesk.core.schemas import auth_request_schema, fa3_schema, upo_schema

    fa3_schema(), auth_request_schema(), upo_schema()
    spec = InvoiceSpec(Entity("5265877635", "Test"), Entity("7251801126", "Test 2"), "FV/1", date.today(),
                       [Line("Chleb", Decimal(1), Decimal("4.50"), "5")])  # fmt: skip
    root, problems = check_invoice_bytes(build_invoice(spec))
    if root is None or problems:
        raise RuntimeError(f"an invoice does not validate: {problems[:1]}")
    return "FA(3), AuthTokenRequest 2.1, UPO 4.3 compiled; an invoice validates"


def _crypto() -> str:
    from cryptography.hazmat.primitives.asymmetric import ec

    from ksefdesk.core.auth_request import build_auth_request
    from ksefdesk.core.crypto import aes_decrypt, aes_encrypt, new_aes_key, new_iv
    from ksefdesk.core.self_signed import person_subject, self_signed
    from ksefdesk.core.signed_file import precheck
    from ksefdesk.core.xades_sign import sign_xml

    key, iv = new_aes_key(), new_iv()
    if aes_decrypt(key, iv, aes_encrypt(key, iv, b"faktura")) != b"faktura":
        raise RuntimeError("AES round trip failed")
    identity = self_signed(person_subject(nip="5265877635"), kind="ec")
    assert isinstance(identity.key, ec.EllipticCurvePrivateKey)
    challenge = "20261201-CR-0000000000-0000000000-00"
    signed = sign_xml(build_auth_request(challenge, "5265877635"), identity.key, [identity.certificate])
    now = datetime.now(UTC)
    precheck(signed, challenge=challenge, nip="5265877635", deadline=now + timedelta(minutes=5), now=now)
    return "AES-256-CBC, XAdES signing and verification"


def _secrets() -> str:
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.services.secrets import VaultSecretStore, backend_name, default_keyring_backend, is_real_keyring

    backend = default_keyring_backend()
    with tempfile.TemporaryDirectory() as folder:
        vault = VaultSecretStore(Path(folder) / "test.vault", "haslo testowe", redactor=Redactor())
        vault.set("probe", "ok")
        if vault.get("probe") != "ok":
            raise RuntimeError("the encrypted vault does not work")
    if is_real_keyring(backend):
        return f"OS keyring: {backend_name(backend)}; encrypted vault works"
    return f"no OS keyring ({backend_name(backend)}): the encrypted vault (works) will be used"


def _pkcs11() -> str:
    import pkcs11  # noqa: F401  (the extension module loads)

    from ksefdesk.services.pkcs11_card import installed_modules

    found = installed_modules()
    return "python-pkcs11 loads; card drivers found: " + (", ".join(name for name, _ in found) or "none")


def _sandbox() -> str:
    import requests

    from ksefsandbox.app import SandboxConfig
    from ksefsandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as folder:
        server = SandboxServer(Path(folder), config=SandboxConfig(rate_scale=0)).start()
        try:
            response = requests.get(f"{server.base_url}/security/public-key-certificates", timeout=10)
            response.raise_for_status()
        finally:
            server.stop()
    return "the local KSeF sandbox starts and answers"


CHECKS: list[tuple[str, Check]] = [
    ("qt", _qt),
    ("translations", _translations),
    ("schemas", _schemas),
    ("crypto", _crypto),
    ("secrets", _secrets),
    ("pkcs11", _pkcs11),
    ("sandbox", _sandbox),
]


def run_self_test(print_line: Callable[[str], None] = print) -> int:
    from ksefdesk import __version__

    started = time.perf_counter()
    failed = 0
    print_line(f"KSeF Desk {__version__} self-test")
    for name, check in CHECKS:
        try:
            print_line(f"OK    {name}: {check()}")
        except Exception as exc:  # a self-test reports every failure, whatever it is
            failed += 1
            print_line(f"FAIL  {name}: {type(exc).__name__}: {exc}")
    print_line(
        f"{'all checks passed' if not failed else f'{failed} check(s) failed'} in {time.perf_counter() - started:.1f} s"
    )
    return 1 if failed else 0

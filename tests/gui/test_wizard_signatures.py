"""The wizard with files as real signing programs write them (issue 15): proCertum's XPath transform,
EU DSS's XPath Filter 2.0, and a verdict the app cannot be sure of, which the user may send anyway."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ksefdesk.core.models import AuthMethod
from tests.gui.conftest import GuiKit
from tests.gui.test_wizard import PERSON, WAIT_MS, _download, _finish, _start, _upload
from tests.unit import xades_layouts as xl
from tests.unit.xades_layouts import Layout, filter2_transform, sign, transform, xpath_transform

LAYOUTS = {
    "proCertum": [xpath_transform(), transform(xl.EXC)],
    "DSS": [filter2_transform(), transform(xl.EXC)],
}


def _signed(tmp_path: Path, transforms: list[str], name: str) -> Path:
    signed = tmp_path / f"{name}.xml"
    signed.write_bytes(sign((tmp_path / "do-podpisu.xml").read_bytes(), PERSON, Layout(content_transforms=transforms)))
    return signed


def test_procertum_and_dss_files_log_in(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    for name, transforms in LAYOUTS.items():
        wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
        _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
        wizard.next()
        _upload(qtbot, wizard, _signed(tmp_path, transforms, name))
        assert wizard.upload_page.isComplete(), (name, wizard.upload_page.result.text())
        assert "correctly signed" in wizard.upload_page.result.text()
        wizard.next()
        _finish(qtbot, wizard)
        assert wizard.result_page.succeeded, (name, wizard.result_page.message.text())
        wizard.accept()


def test_an_uncertain_verdict_can_be_sent_anyway_and_ksef_decides(qtbot: QtBot, kit: GuiKit, tmp_path: Path) -> None:
    wizard = _start(qtbot, kit, AuthMethod.SIGNATURE)
    _download(qtbot, kit, wizard, tmp_path / "do-podpisu.xml")
    wizard.next()
    # an XPath expression the pre-check cannot prove equal to "everything but the signature"
    odd = [xpath_transform("not(ancestor-or-self::ds:Signature) and not(self::comment())"), transform(xl.EXC)]
    _upload(qtbot, wizard, _signed(tmp_path, odd, "odd"))
    page = wizard.upload_page
    assert not page.isComplete() and page.send_anyway.isVisible()
    assert "KSeF may still accept it" in page.result.text()
    page.send_anyway.click()
    assert page.isComplete() and page.force
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result_page.done, timeout=WAIT_MS)
    # KSeF (the sandbox, with its own verifier) has the last word, in plain words either way
    message = wizard.result_page.message.text()
    assert wizard.result_page.succeeded or "KSeF" in message, message

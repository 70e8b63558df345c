"""About KSeF Desk: version, where the data is, and the open-source components inside with licences."""

from __future__ import annotations

import html
import platform

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ksefdesk import APP_NAME, __version__
from ksefdesk.licences import bundled


class AboutDialog(QDialog):
    def __init__(self, data_dir: str, secrets: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        self.resize(620, 520)
        from PySide6 import __version__ as pyside

        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(version)}</td><td>{html.escape(licence)}</td></tr>"
            for name, version, licence in bundled()
        )
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(self.tr("About %1").replace("%1", APP_NAME))
        intro = self.tr("Desktop client for KSeF, the Polish national e-invoicing system (API v2).")
        qt_note = self.tr("Qt is used under the LGPL v3; its libraries can be replaced in the installed folder.")
        folder = self.tr("Data folder: %1").replace("%1", data_dir)
        kept = self.tr("Secrets are kept in: %1").replace("%1", secrets or "—")
        inside = self.tr("Open-source components inside")
        heads = (self.tr("Component"), self.tr("Version"), self.tr("Licence"))
        head_row = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in heads)
        self.text.setHtml(
            f"<h2>{APP_NAME} {__version__}</h2>"
            f"<p>{html.escape(intro)}</p>"
            f"<p>{html.escape(folder)}<br>{html.escape(kept)}<br>"
            f"Python {platform.python_version()} · Qt for Python {pyside} · {html.escape(platform.platform())}</p>"
            f"<h3>{html.escape(inside)}</h3>"
            f"<table cellpadding='2'><tr>{head_row}</tr>{rows}</table>"
            f"<p>{html.escape(qt_note)}</p>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

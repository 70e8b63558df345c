"""Backing up a company's KSeF certificate keys as .p12 files: one flow for every window that offers it.

The folder and the passphrase are asked on the GUI thread; the keys are read from the secret store and
written in the runner. Cancel at either question writes nothing and ``done`` is not called.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Company
from ksefdesk.services.secrets import MIN_PASSPHRASE_LENGTH
from ksefdesk.ui.ui_services import UiServices


def _tr(text: str) -> str:
    return QCoreApplication.translate("KeyBackup", text)


def back_up_keys(parent: QWidget, services: UiServices, company: Company, done: Callable[[list[Path]], None]) -> None:
    """Ask where and with which passphrase, write one .p12 per certificate key of ``company``, tell the
    user which files were written, then call ``done`` with them (only after the files exist)."""
    certificates = services.certificates
    if certificates is None:
        return
    folder = services.dialogs.choose_folder(parent, _tr("Where to save the backup of the KSeF certificate keys?"))
    if not folder:
        return
    passphrase = _ask_passphrase(parent, services)
    if passphrase is None:
        return
    nip, target = company.nip, Path(folder)

    def written(paths: object) -> None:
        files = [Path(p) for p in paths] if isinstance(paths, list) else []
        if files:
            text = (
                _tr(
                    "The keys of %1 were saved in these files:\n%2\n\n"
                    "Keep the passphrase somewhere safe: without it the backup cannot be opened."
                )
                .replace("%1", company.display_name)
                .replace("%2", "\n".join(str(f) for f in files))
            )
        else:
            text = _tr("%1 holds no KSeF certificate key on this computer: nothing to back up.").replace(
                "%1", company.display_name
            )
        services.dialogs.inform(parent, _tr("Backup of the keys"), text)
        done(files)

    def failed(error: UserError) -> None:
        services.dialogs.show_error(parent, error)

    services.runner.run(lambda cancel: certificates.back_up(nip, target, passphrase), written, failed)


def _ask_passphrase(parent: QWidget, services: UiServices) -> str | None:
    """A passphrase long enough to protect a key; asked again after a too short one, None on Cancel."""
    while True:
        passphrase = services.dialogs.ask_backup_passphrase(parent)
        if passphrase is None:
            return None
        if len(passphrase) >= MIN_PASSPHRASE_LENGTH:
            return passphrase
        services.dialogs.show_error(parent, UserError("cert.weak_passphrase"))

"""User-facing errors: a stable code, a Polish and English message, and the action to take.

Every failure a user can meet is raised as ``UserError(code, **params)``. The texts live in one
catalogue so that the CLI, the GUI and the logs say the same thing, and a test can check that
every code has both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["pl", "en"]


@dataclass(frozen=True)
class ErrorText:
    pl: str
    en: str
    action_pl: str
    action_en: str


CATALOG: dict[str, ErrorText] = {
    # --- NIP and company data -------------------------------------------------------------
    "nip.empty": ErrorText(
        "Nie podano numeru NIP.",
        "No NIP was entered.",
        "Wpisz 10-cyfrowy NIP firmy.",
        "Type the company's 10-digit NIP.",
    ),
    "nip.not_digits": ErrorText(
        "„{value}” nie jest numerem NIP: NIP składa się wyłącznie z cyfr.",
        "“{value}” is not a NIP: a NIP consists of digits only.",
        "Wpisz 10 cyfr NIP (spacje i myślniki są dozwolone).",
        "Type the NIP's 10 digits (spaces and dashes are allowed).",
    ),
    "nip.length": ErrorText(
        "„{value}” ma {count} cyfr, a NIP ma ich 10.",
        "“{value}” has {count} digits; a NIP has 10.",
        "Sprawdź, czy nie brakuje lub nie ma za dużo cyfr.",
        "Check for a missing or an extra digit.",
    ),
    "nip.checksum": ErrorText(
        "NIP {value} ma błędną cyfrę kontrolną (ostatnią), więc zawiera literówkę.",
        "NIP {value} has a wrong check digit (the last one), so it contains a typo.",
        "Porównaj NIP z dokumentem firmy i popraw go.",
        "Compare the NIP with the company's documents and correct it.",
    ),
    "company.duplicate": ErrorText(
        "Firma o NIP {nip} jest już dodana (środowisko: {environment}).",
        "A company with NIP {nip} is already added (environment: {environment}).",
        "Wybierz ją z listy. Aby zmienić środowisko, usuń firmę i dodaj ją ponownie.",
        "Pick it from the list. To change its environment, remove it and add it again.",
    ),
    "company.not_found": ErrorText(
        "Nie ma firmy o NIP {nip}.",
        "There is no company with NIP {nip}.",
        "Dodaj ją poleceniem „company add” albo sprawdź NIP („company list”).",
        "Add it with “company add” or check the NIP (“company list”).",
    ),
    "company.name_too_long": ErrorText(
        "Nazwa firmy jest za długa ({length} znaków, najwyżej {limit}).",
        "The company name is too long ({length} characters, at most {limit}).",
        "Skróć nazwę.",
        "Shorten the name.",
    ),
    "env.unknown": ErrorText(
        "Nieznane środowisko „{value}”.",
        "Unknown environment “{value}”.",
        "Wybierz jedno z: {choices}.",
        "Choose one of: {choices}.",
    ),
    "env.base_url_invalid": ErrorText(
        "Adres „{value}” nie nadaje się na adres API KSeF: {reason}.",
        "“{value}” cannot be used as a KSeF API address: {reason}.",
        "Podaj pełny adres https://…/v2 (http:// jest dozwolony tylko dla tego komputera).",
        "Enter a full https://…/v2 address (http:// is allowed only for this computer).",
    ),
    # --- local files and the database -----------------------------------------------------
    "datadir.not_writable": ErrorText(
        "Nie można zapisywać w folderze danych {path}: {reason}.",
        "Cannot write to the data folder {path}: {reason}.",
        "Wybierz inny folder (--data-dir) albo popraw uprawnienia.",
        "Choose another folder (--data-dir) or fix its permissions.",
    ),
    "store.newer_version": ErrorText(
        "Baza danych {path} pochodzi z nowszej wersji KSeF Desk (schemat {found}, ta wersja zna {known}).",
        "The database {path} comes from a newer KSeF Desk (schema {found}; this version knows {known}).",
        "Zainstaluj nowszą wersję KSeF Desk. Dane pozostały nietknięte.",
        "Install the newer KSeF Desk. Your data has not been touched.",
    ),
    "store.unreadable": ErrorText(
        "Nie można otworzyć bazy danych {path}: {reason}.",
        "Cannot open the database {path}: {reason}.",
        "Przywróć kopię zapasową (pliki .bak obok bazy) albo skontaktuj się z pomocą techniczną.",
        "Restore a backup (the .bak files next to it) or contact support.",
    ),
    "store.migration_failed": ErrorText(
        "Aktualizacja bazy danych do schematu {version} nie powiodła się: {reason}.",
        "Upgrading the database to schema {version} failed: {reason}.",
        "Baza nie została zmieniona; kopia jest w {backup}. Zgłoś problem pomocy technicznej.",
        "The database was left unchanged; a copy is at {backup}. Please report this to support.",
    ),
    "store.busy": ErrorText(
        "Baza danych jest zajęta przez inny proces KSeF Desk.",
        "The database is busy in another KSeF Desk process.",
        "Zamknij inne okna KSeF Desk i spróbuj ponownie.",
        "Close other KSeF Desk windows and try again.",
    ),
    # --- secret store ---------------------------------------------------------------------
    "secrets.backend_unknown": ErrorText(
        "Nieznany magazyn sekretów „{value}” (zmienna KSEFDESK_SECRETS).",
        "Unknown secret store “{value}” (KSEFDESK_SECRETS variable).",
        "Użyj jednej z wartości: keyring, vault, memory.",
        "Use one of: keyring, vault, memory.",
    ),
    "secrets.keyring_unavailable": ErrorText(
        "Systemowy pęk kluczy nie jest dostępny (backend: {backend}).",
        "The system keyring is not available (backend: {backend}).",
        "Zaloguj się do sesji pulpitu z pękiem kluczy albo użyj zaszyfrowanego sejfu (KSEFDESK_SECRETS=vault).",
        "Log in to a desktop session with a keyring, or use the encrypted vault (KSEFDESK_SECRETS=vault).",
    ),
    "secrets.keyring_failed": ErrorText(
        "Systemowy pęk kluczy odmówił operacji: {reason}.",
        "The system keyring refused the operation: {reason}.",
        "Odblokuj pęk kluczy i spróbuj ponownie.",
        "Unlock the keyring and try again.",
    ),
    "secrets.passphrase_required": ErrorText(
        "Zaszyfrowany sejf z danymi logowania wymaga hasła.",
        "The encrypted vault with your credentials needs its passphrase.",
        "Wpisz hasło sejfu (w trybie bez okien: zmienna KSEFDESK_VAULT_PASSPHRASE).",
        "Enter the vault passphrase (headless: the KSEFDESK_VAULT_PASSPHRASE variable).",
    ),
    "secrets.passphrase_too_short": ErrorText(
        "Hasło sejfu jest za krótkie ({length} znaków, co najmniej {minimum}).",
        "The vault passphrase is too short ({length} characters, at least {minimum}).",
        "Wybierz dłuższe hasło, np. kilka słów.",
        "Choose a longer passphrase, e.g. a few words.",
    ),
    "secrets.wrong_passphrase": ErrorText(
        "Hasło sejfu jest nieprawidłowe.",
        "The vault passphrase is wrong.",
        "Wpisz hasło ponownie. Sejf nie został zmieniony.",
        "Type the passphrase again. The vault has not been changed.",
    ),
    "secrets.vault_tampered": ErrorText(
        "Plik sejfu {path} został zmieniony lub uszkodzony i nie można mu ufać.",
        "The vault file {path} was changed or damaged and cannot be trusted.",
        "Plik pozostawiono bez zmian. Przywróć go z kopii zapasowej albo usuń i zaloguj firmy ponownie.",
        "The file was left as it is. Restore it from a backup, or delete it and authorize again.",
    ),
    "secrets.vault_unreadable": ErrorText(
        "Plik {path} nie jest sejfem KSeF Desk lub pochodzi z nowszej wersji ({reason}).",
        "The file {path} is not a KSeF Desk vault or comes from a newer version ({reason}).",
        "Sprawdź folder danych; plik pozostawiono bez zmian.",
        "Check the data folder; the file was left as it is.",
    ),
    # --- the unexpected -------------------------------------------------------------------
    "internal.unexpected": ErrorText(
        "Wystąpił nieoczekiwany błąd programu ({kind}).",
        "An unexpected program error occurred ({kind}).",
        "Twoje dane są bezpieczne. Szczegóły zapisano w dzienniku: {log}. Prześlij go pomocy technicznej.",
        "Your data is safe. Details were written to the log: {log}. Please send it to support.",
    ),
}


class UserError(Exception):
    """An error meant for the user: code + PL/EN message + suggested action.

    ``details`` holds technical text (e.g. KSeF's own exception code and description) shown
    under "details" in dialogs and logged, never instead of the message.
    """

    def __init__(self, code: str, *, details: str = "", ksef_code: int | None = None, **params: object):
        if code not in CATALOG:
            raise KeyError(f"unknown error code {code!r}")
        self.code = code
        self.params = params
        self.details = details
        self.ksef_code = ksef_code
        super().__init__(self.message("en"))

    def _fill(self, template: str) -> str:
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def message(self, lang: Lang = "en") -> str:
        text = CATALOG[self.code]
        return self._fill(text.pl if lang == "pl" else text.en)

    def action(self, lang: Lang = "en") -> str:
        text = CATALOG[self.code]
        return self._fill(text.action_pl if lang == "pl" else text.action_en)

    def full_text(self, lang: Lang = "en") -> str:
        """Message, action and code on one block, as the CLI prints it."""
        code_line = f"[{self.code}" + (f", KSeF {self.ksef_code}" if self.ksef_code else "") + "]"
        parts = [self.message(lang), self.action(lang), code_line]
        if self.details:
            parts.append(self.details)
        return "\n".join(parts)

"""User-facing errors: a stable code, a Polish and English message, and the action to take.

Every failure a user can meet is raised as ``UserError(code, **params)``, or as one of the typed
subclasses at the end (``KsefUnreachable``, ``KsefRefused``, ``ReauthNeeded``...) when a caller decides
by its kind: callers catch types, never compare ``code`` strings. The texts live in one catalogue so
that the CLI, the GUI and the logs say the same thing, and a test can check that every code has both
languages; the stored reasons of ``core.status`` find their texts here too (``REASON_CODES``).
A cancelled operation is ``Cancelled``, no UserError: there is nothing to tell the user.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from ksefdesk.core.status import OutageReason, ReauthReason, StatusReason

Lang = Literal["pl", "en"]


@dataclass(frozen=True)
class ErrorText:
    """``action_*`` is what a window shows (never a command to type); ``cli_*``, when given, is the
    command-line version of the action."""

    pl: str
    en: str
    action_pl: str
    action_en: str
    cli_pl: str = ""
    cli_en: str = ""

    def message(self, lang: Lang) -> str:
        return self.pl if lang == "pl" else self.en

    def action(self, lang: Lang) -> str:
        return self.action_pl if lang == "pl" else self.action_en

    def cli_action(self, lang: Lang) -> str:
        """The command-line version of the action, or the action itself."""
        return (self.cli_pl if lang == "pl" else self.cli_en) or self.action(lang)


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
    "nip.tax_office": ErrorText(
        "NIP {value} nie może zaczynać się od {prefix}: pierwsze trzy cyfry to kod urzędu skarbowego.",
        "NIP {value} cannot start with {prefix}: its first three digits are a tax-office code.",
        "Porównaj NIP z dokumentem firmy i popraw go.",
        "Compare the NIP with the company's documents and correct it.",
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
        "Wybierz ją z listy. Aby pracować w innym środowisku, wybierz „Zmień środowisko…” (dane zostają).",
        "Pick it from the list. To work in another environment, choose “Switch environment…” (data is kept).",
    ),
    "app.brought_forward": ErrorText(
        "KSeF Desk już działa: jego okno zostało wysunięte na wierzch.",
        "KSeF Desk is already running: its window was brought to the front.",
        "Przejdź do tego okna (albo do ikony w zasobniku systemowym).",
        "Switch to that window (or to its icon in the system tray).",
    ),
    "outbox.item_gone": ErrorText(
        "Tej faktury nie ma już w kolejce do wysłania.",
        "This invoice is no longer in the outbox.",
        "Odśwież listę „Do wysłania”.",
        "Refresh the Outbox list.",
    ),
    "company.same_environment": ErrorText(
        "Firma już pracuje w tym środowisku ({environment}).",
        "The company already works in this environment ({environment}).",
        "Wybierz inne środowisko albo zamknij okno.",
        "Choose another environment or close the window.",
    ),
    "company.keys_not_backed_up": ErrorText(
        "Firma {nip} ma klucze certyfikatów KSeF bez kopii zapasowej ({count}); po usunięciu firmy nie da się "
        "ich odzyskać.",
        "Company {nip} holds KSeF certificate keys without a backup ({count}); once the company is removed they "
        "cannot be recovered.",
        "Najpierw zapisz kopię kluczy (Usuń firmę… ▸ Najpierw zapisz kopię kluczy) albo świadomie usuń firmę bez "
        "kopii.",
        "Back up the keys first (Remove company… ▸ Back up the keys first), or knowingly remove the company without "
        "a backup.",
        "Dodaj --backup-keys FOLDER (hasło kopii w KSEFDESK_KEY_PASSWORD) albo świadomie --discard-keys.",
        "Add --backup-keys FOLDER (backup passphrase in KSEFDESK_KEY_PASSWORD), or knowingly --discard-keys.",
    ),
    "company.archive_missing": ErrorText(
        "Tego archiwum już nie ma na tym komputerze.",
        "This archive is no longer on this computer.",
        "Odśwież listę archiwów.",
        "Refresh the list of archives.",
    ),
    "company.not_found": ErrorText(
        "Nie ma firmy o NIP {nip}.",
        "There is no company with NIP {nip}.",
        "Sprawdź NIP albo dodaj firmę („Dodaj firmę…”).",
        "Check the NIP or add the company (“Add company…”).",
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
    "file.unreadable": ErrorText(
        "Nie można odczytać pliku {path}: {reason}.",
        "Cannot read the file {path}: {reason}.",
        "Sprawdź ścieżkę i uprawnienia do pliku.",
        "Check the path and your permission to read the file.",
    ),
    "file.unwritable": ErrorText(
        "Nie można zapisać pliku {path}: {reason}.",
        "Cannot write the file {path}: {reason}.",
        "Wybierz inny folder albo sprawdź wolne miejsce i uprawnienia.",
        "Choose another folder, or check free space and permissions.",
    ),
    "datadir.not_writable": ErrorText(
        "Nie można zapisywać w folderze danych {path}: {reason}.",
        "Cannot write to the data folder {path}: {reason}.",
        "Popraw uprawnienia folderu albo uruchom program z innym folderem danych.",
        "Fix the folder's permissions or start the app with another data folder.",
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
    "secrets.vault_busy": ErrorText(
        "Sejf {path} jest od {seconds} s zajęty przez inne okno lub polecenie KSeF Desk.",
        "The vault {path} has been busy for {seconds} s with another KSeF Desk window or command.",
        "Poczekaj, aż tamto zadanie się skończy, i spróbuj ponownie.",
        "Wait until that task ends and try again.",
    ),
    # --- signed authorization files (pre-check before sending to KSeF) ---------------------
    "signed.empty": ErrorText(
        "Wybrany plik jest pusty.",
        "The chosen file is empty.",
        "Wybierz plik zapisany przez program do podpisu (zwykle z końcówką .xml lub .xades).",
        "Choose the file your signing software saved (usually ending in .xml or .xades).",
    ),
    "signed.too_large": ErrorText(
        "Plik jest za duży ({size} bajtów) jak na podpisany wniosek o logowanie.",
        "The file is too large ({size} bytes) for a signed login request.",
        "Sprawdź, czy wybrano właściwy plik: podpisany wniosek ma kilka kilobajtów.",
        "Check that this is the right file: a signed request is a few kilobytes.",
    ),
    "signed.pdf": ErrorText(
        "To jest plik PDF (podpis PAdES), a KSeF przyjmuje tylko podpis XAdES.",
        "This is a PDF file (a PAdES signature); KSeF accepts XAdES signatures only.",
        "W programie do podpisu wybierz format XAdES, podpis otaczany (wewnętrzny), i podpisz plik ponownie.",
        "In your signing software choose the XAdES format, enveloped (internal), and sign the file again.",
    ),
    "signed.cades": ErrorText(
        "To jest plik podpisu CAdES (.p7s/.p7m), a KSeF przyjmuje tylko podpis XAdES.",
        "This is a CAdES signature file (.p7s/.p7m); KSeF accepts XAdES signatures only.",
        "W programie do podpisu wybierz format XAdES, podpis otaczany (wewnętrzny), i podpisz plik ponownie.",
        "In your signing software choose the XAdES format, enveloped (internal), and sign the file again.",
    ),
    "signed.asic": ErrorText(
        "To jest kontener ZIP/ASiC (.asice, .sce), a KSeF oczekuje samego pliku XML z podpisem.",
        "This is a ZIP/ASiC container (.asice, .sce); KSeF expects the signed XML file itself.",
        "Wybierz w programie do podpisu format XAdES bez kontenera albo rozpakuj plik .xml z kontenera.",
        "Choose XAdES without a container in your signing software, or extract the .xml file from it.",
    ),
    "signed.not_xml": ErrorText(
        "Plik nie jest poprawnym dokumentem XML ({detail}).",
        "The file is not a well-formed XML document ({detail}).",
        "Pobierz nowy plik do podpisu i podpisz go ponownie, nie edytując go.",
        "Download a new file to sign and sign it again without editing it.",
    ),
    "signed.doctype": ErrorText(
        "Plik zawiera deklarację DTD lub encje, których ze względów bezpieczeństwa nie przyjmujemy.",
        "The file contains a DTD or entity declarations, which are refused for security reasons.",
        "Podpisz oryginalny plik pobrany z KSeF Desk; nie dodawaj do niego deklaracji DOCTYPE.",
        "Sign the original file downloaded from KSeF Desk; do not add a DOCTYPE to it.",
    ),
    "signed.encoding": ErrorText(
        "Plik ma kodowanie „{encoding}”, a KSeF przyjmuje tylko UTF-8.",
        "The file is encoded as “{encoding}”; KSeF accepts UTF-8 only.",
        "Ustaw w programie do podpisu kodowanie UTF-8 i wyślij plik tak, jak go zapisał – jeśli otwierano go"
        " w edytorze tekstu, podpisz go ponownie.",
        "Set UTF-8 in your signing software and upload the file as it saved it; if it was opened in a text"
        " editor, sign it again.",
    ),
    "signed.not_auth_request": ErrorText(
        "To nie jest wniosek o logowanie do KSeF (znaleziono element „{found}”).",
        "This is not a KSeF login request (found the element “{found}”).",
        "Wybierz plik pobrany w kroku „Pobierz plik do podpisu”, podpisany przez Ciebie.",
        "Choose the file from the “Download the file to sign” step, after you signed it.",
    ),
    "signed.unsigned": ErrorText(
        "Plik nie jest podpisany.",
        "The file is not signed.",
        "Otwórz go w programie do podpisu (Szafir, proCertum, …), podpisz w formacie XAdES i wybierz podpisany plik.",
        "Open it in your signing software (Szafir, proCertum, …), sign it as XAdES and choose the signed file.",
    ),
    "signed.many_signatures": ErrorText(
        "Plik zawiera {count} podpisy, a KSeF przyjmuje dokładnie jeden.",
        "The file has {count} signatures; KSeF accepts exactly one.",
        "Podpisz oryginalny, niepodpisany plik tylko raz.",
        "Sign the original, unsigned file just once.",
    ),
    "signed.detached": ErrorText(
        "To jest podpis zewnętrzny (odłączony), a KSeF wymaga podpisu wewnątrz pliku.",
        "This is a detached (external) signature; KSeF needs the signature inside the file.",
        "W programie do podpisu wybierz podpis „otaczany” / „wewnętrzny” (enveloped) i podpisz ponownie.",
        "In your signing software choose an “enveloped” / “internal” signature and sign again.",
    ),
    "signed.not_xades": ErrorText(
        "Podpis nie ma formatu XAdES (brak właściwości podpisu XAdES).",
        "The signature is not XAdES (the XAdES signing properties are missing).",
        "Wybierz w programie do podpisu format XAdES (np. XAdES-BES) i podpisz ponownie.",
        "Choose the XAdES format (e.g. XAdES-BES) in your signing software and sign again.",
    ),
    "signed.no_certificate": ErrorText(
        "Podpis nie zawiera certyfikatu osoby podpisującej.",
        "The signature does not include the signer's certificate.",
        "Włącz w programie do podpisu dołączanie certyfikatu do podpisu i podpisz ponownie.",
        "Enable “include the certificate” in your signing software and sign again.",
    ),
    "signed.bad_certificate": ErrorText(
        "Nie można odczytać certyfikatu zawartego w podpisie.",
        "The certificate inside the signature cannot be read.",
        "Podpisz plik ponownie; jeśli błąd wróci, skontaktuj się z wystawcą podpisu.",
        "Sign the file again; if this happens again, contact your signature provider.",
    ),
    "signed.cert_expired": ErrorText(
        "Certyfikat podpisu wygasł {date}.",
        "The signing certificate expired on {date}.",
        "Podpisz plik ważnym certyfikatem (odnów podpis kwalifikowany u jego wystawcy).",
        "Sign with a valid certificate (renew your qualified signature with its provider).",
    ),
    "signed.cert_not_yet_valid": ErrorText(
        "Certyfikat podpisu jest ważny dopiero od {date}.",
        "The signing certificate is valid only from {date}.",
        "Sprawdź datę i godzinę w komputerze albo poczekaj do początku ważności certyfikatu.",
        "Check this computer's date and time, or wait until the certificate becomes valid.",
    ),
    "signed.weak_key": ErrorText(
        "Klucz podpisu jest za słaby ({detail}); KSeF wymaga RSA co najmniej 2048 bitów lub EC co najmniej 256.",
        "The signing key is too weak ({detail}); KSeF needs RSA of at least 2048 bits or EC of at least 256.",
        "Użyj innego certyfikatu do podpisu.",
        "Use another certificate to sign.",
    ),
    "signed.tampered": ErrorText(
        "Plik został zmieniony po podpisaniu, więc podpis nie pasuje do treści.",
        "The file was changed after signing, so the signature no longer matches its content.",
        "Nie otwieraj ani nie zapisuj podpisanego pliku w innych programach. Podpisz plik ponownie.",
        "Do not open or re-save the signed file in other programs. Sign the file again.",
    ),
    "signed.bad_signature": ErrorText(
        "Podpis jest nieprawidłowy: nie został złożony kluczem z dołączonego certyfikatu.",
        "The signature is invalid: it was not made with the key of the included certificate.",
        "Podpisz plik ponownie; jeśli błąd wróci, sprawdź kartę i program do podpisu.",
        "Sign the file again; if this happens again, check your card and signing software.",
    ),
    "signed.unsupported_algorithm": ErrorText(
        "Podpis używa algorytmu, którego KSeF nie przyjmuje ({detail}).",
        "The signature uses an algorithm KSeF does not accept ({detail}).",
        "Wybierz w programie do podpisu SHA-256 z RSA lub ECDSA i podpisz ponownie.",
        "Choose SHA-256 with RSA or ECDSA in your signing software and sign again.",
    ),
    "signed.signature_malformed": ErrorText(
        "Struktura podpisu jest uszkodzona ({detail}).",
        "The signature's structure is broken ({detail}).",
        "Podpisz oryginalny plik ponownie, w formacie XAdES.",
        "Sign the original file again, as XAdES.",
    ),
    "signed.content_not_signed": ErrorText(
        "Podpis nie obejmuje treści wniosku o logowanie.",
        "The signature does not cover the login request itself.",
        "Podpisz cały plik (podpis otaczany, enveloped), a nie jego fragment.",
        "Sign the whole file (an enveloped signature), not a part of it.",
    ),
    "signed.schema": ErrorText(
        "Podpisany wniosek nie jest zgodny ze schematem KSeF: {detail}.",
        "The signed request does not match the KSeF schema: {detail}.",
        "Pobierz nowy plik do podpisu i podpisz go bez zmian.",
        "Download a new file to sign and sign it unchanged.",
    ),
    "signed.subject_unidentified": ErrorText(
        "Certyfikat podpisu nie zawiera numeru NIP ani PESEL, więc KSeF nie rozpozna osoby podpisującej.",
        "The signing certificate holds no NIP or PESEL, so KSeF cannot tell who signed.",
        "Użyj certyfikatu z NIP lub PESEL albo wybierz logowanie odciskiem certyfikatu (nadanym wcześniej w KSeF).",
        "Use a certificate with a NIP or PESEL, or log in by certificate fingerprint (granted in KSeF first).",
    ),
    "signed.wrong_challenge": ErrorText(
        "Ten plik pochodzi z innego, wcześniejszego wniosku o logowanie.",
        "This file belongs to another, earlier login request.",
        "Podpisz plik pobrany w tym kroku (najnowszy) albo pobierz nowy plik.",
        "Sign the file downloaded in this step (the newest one), or download a new file.",
    ),
    "signed.wrong_nip": ErrorText(
        "Ten plik podpisano dla innej firmy (NIP {found}, a logujesz firmę {expected}).",
        "This file was signed for another company (NIP {found}; you are authorizing {expected}).",
        "Pobierz plik do podpisu dla właściwej firmy i podpisz go.",
        "Download the file to sign for the right company and sign it.",
    ),
    "signed.expired": ErrorText(
        "Czas na podpisanie minął ({deadline}): KSeF przyjmuje podpisany plik do 10 minut od jego pobrania.",
        "The time to sign ran out ({deadline}): KSeF accepts the signed file up to 10 minutes after download.",
        "Pobierz nowy plik i podpisz go od razu.",
        "Download a new file and sign it straight away.",
    ),
    "signed.too_many_references": ErrorText(
        "Podpis zawiera {count} odwołań lub przekształceń (dopuszczalne najwyżej {limit});"
        " podpis logowania ma ich 2–3.",
        "The signature has {count} references or transforms (at most {limit} are allowed); a login signature has 2–3.",
        "Taki plik nie pochodzi ze zwykłego programu do podpisu. Podpisz oryginalny plik ponownie.",
        "A signing program does not make such a file. Sign the original file again.",
    ),
    "signed.second_request": ErrorText(
        "Plik zawiera więcej niż jeden wniosek o logowanie, więc nie wiadomo, który został podpisany.",
        "The file holds more than one login request, so it is unclear which one was signed.",
        "Podpisz oryginalny plik pobrany z KSeF Desk, nie dołączając do niego innych dokumentów.",
        "Sign the original file downloaded from KSeF Desk without adding other documents to it.",
    ),
    "signed.request_misplaced": ErrorText(
        "Wniosek o logowanie nie znajduje się tam, gdzie czyta go KSeF (jest wewnątrz „{where}”).",
        "The login request is not where KSeF reads it (it is inside “{where}”).",
        "Podpisz oryginalny plik jako podpis otaczany (wewnętrzny) i wyślij go bez zmian.",
        "Sign the original file as an enveloped (internal) signature and upload it unchanged.",
    ),
    "signed.extra_object": ErrorText(
        "Podpis zawiera dodatkowy, niepodpisany fragment ({what}), w którym mogłaby się ukrywać inna treść.",
        "The signature contains an extra, unsigned part ({what}) that could hide other content.",
        "Ten plik mógł zostać spreparowany. Pobierz nowy plik do podpisu i podpisz go sam.",
        "This file may have been forged. Download a new file to sign and sign it yourself.",
    ),
    "signed.base64_decoy": ErrorText(
        "Podpis zawiera ukrytą (zakodowaną base64) kopię innego wniosku o logowanie.",
        "The signature contains a hidden (base64-encoded) copy of another login request.",
        "Ten plik mógł zostać spreparowany. Pobierz nowy plik do podpisu i podpisz go sam.",
        "This file may have been forged. Download a new file to sign and sign it yourself.",
    ),
    "signed.foreign_reference": ErrorText(
        "Podpis obejmuje element spoza wniosku o logowanie („{what}”), a nie sam wniosek.",
        "The signature covers an element outside the login request (“{what}”) instead of the request itself.",
        "Ten plik mógł zostać spreparowany. Podpisz oryginalny plik ponownie jako podpis otaczany.",
        "This file may have been forged. Sign the original file again as an enveloped signature.",
    ),
    "signed.duplicate_id": ErrorText(
        "Identyfikator „{id}” występuje w pliku więcej niż raz, więc nie wiadomo, co zostało podpisane.",
        "The identifier “{id}” appears more than once in the file, so it is unclear what was signed.",
        "Ten plik mógł zostać spreparowany. Pobierz nowy plik do podpisu i podpisz go sam.",
        "This file may have been forged. Download a new file to sign and sign it yourself.",
    ),
    "signed.transform_refused": ErrorText(
        "Podpis używa przekształcenia, którego KSeF nie przyjmuje ({detail}).",
        "The signature uses a transform KSeF does not accept ({detail}).",
        "Wybierz w programie do podpisu zwykły podpis XAdES otaczany (wewnętrzny) i podpisz ponownie.",
        "Choose a plain enveloped (internal) XAdES signature in your signing software and sign again.",
    ),
    "signed.ecdsa_der": ErrorText(
        "Wartość podpisu ECDSA jest zapisana w formacie DER, a KSeF wymaga postaci R||S, jak każe XAdES.",
        "The ECDSA signature value is DER-encoded; KSeF requires the raw R||S form that XAdES prescribes.",
        "Ten program do podpisu tworzy podpisy niezgodne z XAdES. Użyj jego aktualnej wersji albo innego programu.",
        "This signing program makes non-standard signatures. Use its current version or another program.",
    ),
    "signed.cert_reference_mismatch": ErrorText(
        "Certyfikat wskazany we właściwościach podpisu (SigningCertificate) nie jest tym, którym złożono podpis.",
        "The certificate named in the signing properties (SigningCertificate) is not the one that made the signature.",
        "Podpisz plik ponownie; jeśli błąd wróci, zgłoś go dostawcy programu do podpisu.",
        "Sign the file again; if this happens again, report it to your signing software's vendor.",
    ),
    "signed.properties_unsigned": ErrorText(
        "Właściwości podpisu XAdES (SignedProperties) nie są objęte podpisem.",
        "The XAdES signing properties (SignedProperties) are not covered by the signature.",
        "Wybierz w programie do podpisu format XAdES (np. XAdES-BES) i podpisz ponownie.",
        "Choose the XAdES format (e.g. XAdES-BES) in your signing software and sign again.",
    ),
    "signed.resaved": ErrorText(
        "Plik został zmieniony po podpisaniu – najpewniej otwarto go i zapisano w edytorze tekstu"
        " (zmieniły się wcięcia, końce wierszy lub kodowanie).",
        "The file was changed after signing, probably opened and saved in a text editor"
        " (indentation, line endings or encoding changed).",
        "Podpisz plik ponownie i wyślij go dokładnie w takiej postaci, w jakiej zapisał go program do podpisu,"
        " bez otwierania w Notatniku ani innym edytorze.",
        "Sign again and upload the file exactly as the signing program saved it, without opening it in Notepad"
        " or another editor.",
    ),
    "signed.uncertain_transform": ErrorText(
        "Tego podpisu nie da się w pełni sprawdzić na tym komputerze: używa przekształcenia, którego"
        " równoważności program nie potrafi potwierdzić ({detail}).",
        "This signature cannot be fully checked on this computer: it uses a transform whose meaning the app"
        " cannot confirm ({detail}).",
        "KSeF może go przyjąć. Możesz wysłać plik mimo to – KSeF sam sprawdzi podpis i poda wynik.",
        "KSeF may accept it. You can send the file anyway: KSeF will check the signature and give its answer.",
        "KSeF może go przyjąć. Aby wysłać plik mimo to, dodaj --force; KSeF sam sprawdzi podpis.",
        "KSeF may accept it. To send the file anyway, add --force; KSeF will check the signature itself.",
    ),
    "signed.uncertain_algorithm": ErrorText(
        "Tego podpisu nie da się w pełni sprawdzić na tym komputerze: używa algorytmu, którego program nie"
        " obsługuje ({detail}).",
        "This signature cannot be fully checked on this computer: it uses an algorithm the app does not"
        " compute ({detail}).",
        "KSeF może go przyjąć. Możesz wysłać plik mimo to – KSeF sam sprawdzi podpis i poda wynik.",
        "KSeF may accept it. You can send the file anyway: KSeF will check the signature and give its answer.",
        "KSeF może go przyjąć. Aby wysłać plik mimo to, dodaj --force; KSeF sam sprawdzi podpis.",
        "KSeF may accept it. To send the file anyway, add --force; KSeF will check the signature itself.",
    ),
    "signed.uncertain_reference": ErrorText(
        "Tego podpisu nie da się w pełni sprawdzić na tym komputerze: wskazuje podpisaną treść w sposób,"
        " którego program nie obsługuje ({detail}).",
        "This signature cannot be fully checked on this computer: it points at the signed content in a way"
        " the app does not handle ({detail}).",
        "KSeF może go przyjąć. Możesz wysłać plik mimo to – KSeF sam sprawdzi podpis i poda wynik.",
        "KSeF may accept it. You can send the file anyway: KSeF will check the signature and give its answer.",
        "KSeF może go przyjąć. Aby wysłać plik mimo to, dodaj --force; KSeF sam sprawdzi podpis.",
        "KSeF may accept it. To send the file anyway, add --force; KSeF will check the signature itself.",
    ),
    "signed.uncertain_format": ErrorText(
        "Tego podpisu nie da się w pełni sprawdzić na tym komputerze: jest zbudowany nietypowo ({detail}).",
        "This signature cannot be fully checked on this computer: it is built in an unusual way ({detail}).",
        "KSeF może go przyjąć. Możesz wysłać plik mimo to – KSeF sam sprawdzi podpis i poda wynik.",
        "KSeF may accept it. You can send the file anyway: KSeF will check the signature and give its answer.",
        "KSeF może go przyjąć. Aby wysłać plik mimo to, dodaj --force; KSeF sam sprawdzi podpis.",
        "KSeF may accept it. To send the file anyway, add --force; KSeF will check the signature itself.",
    ),
    "signed.uncertain_identity": ErrorText(
        "Podpis jest poprawny, ale program nie potrafi ustalić, kogo KSeF rozpozna jako podpisującego ({detail}).",
        "The signature is valid, but the app cannot tell whom KSeF will recognise as the signer ({detail}).",
        "Możesz wysłać plik mimo to – KSeF sam ustali osobę i sprawdzi jej uprawnienia do firmy.",
        "You can send the file anyway: KSeF will identify the signer and check their permissions for the company.",
        "Aby wysłać plik mimo to, dodaj --force; KSeF sam ustali osobę i sprawdzi jej uprawnienia.",
        "To send the file anyway, add --force; KSeF will identify the signer and check their permissions.",
    ),
    "signed.warn_future_time": ErrorText(
        "Czas podpisu zapisany w pliku ({time}) jest w przyszłości.",
        "The signing time in the file ({time}) is in the future.",
        "Sprawdź datę i godzinę komputera, na którym podpisano plik; jeśli KSeF odrzuci podpis, podpisz ponownie.",
        "Check the date and time of the computer that signed the file; if KSeF refuses it, sign again.",
    ),
    "signed.warn_root_id": ErrorText(
        "Wniosek ma atrybut {attribute}, którego schemat KSeF nie przewiduje; KSeF może odrzucić plik.",
        "The request carries an {attribute} attribute that the KSeF schema does not define; KSeF may refuse the file.",
        "Jeśli KSeF odrzuci plik, wybierz w programie podpis otaczany całego dokumentu i podpisz ponownie.",
        "If KSeF refuses the file, choose an enveloped signature of the whole document and sign again.",
    ),
    # --- KSeF's own refusals of a signed login file (after sending) -------------------------------
    "signed.ksef_9105": ErrorText(
        "KSeF uznał podpis za nieprawidłowy.",
        "KSeF found the signature invalid.",
        "Najczęstsze przyczyny: plik zmieniony po podpisaniu (np. zapisany w edytorze tekstu), podpis zewnętrzny"
        " zamiast otaczanego albo nietypowe ustawienia programu do podpisu. Podpisz oryginalny plik ponownie"
        " jako XAdES otaczany i wyślij go bez zmian.",
        "Common causes: the file was changed after signing (e.g. saved in a text editor), a detached instead of"
        " an enveloped signature, or unusual settings of the signing program. Sign the original file again as"
        " enveloped XAdES and upload it unchanged.",
    ),
    "signed.ksef_21115": ErrorText(
        "KSeF nie przyjął certyfikatu podpisu (nieważny, odwołany, niekwalifikowany lub nieobsługiwany).",
        "KSeF did not accept the signing certificate (invalid, revoked, not qualified or not supported).",
        "Użyj ważnego certyfikatu kwalifikowanego, podpisu zaufanego, podpisu osobistego albo certyfikatu KSeF;"
        " w razie wątpliwości sprawdź certyfikat u jego wystawcy.",
        "Use a valid qualified certificate, podpis zaufany, the e-ID card's signature or a KSeF certificate;"
        " if in doubt, check the certificate with its provider.",
    ),
    "signed.ksef_21117": ErrorText(
        "KSeF nie dopasował identyfikatora osoby lub firmy z podpisu do wybranego kontekstu (NIP).",
        "KSeF could not match the signer's identifier to the chosen context (NIP).",
        "Podpisz certyfikatem z PESEL lub NIP osoby uprawnionej do tej firmy albo pieczęcią z NIP firmy; dla"
        " certyfikatu bez tych numerów wybierz logowanie odciskiem certyfikatu.",
        "Sign with a certificate carrying the PESEL or NIP of a person authorised for this company, or a seal"
        " with the company's NIP; for a certificate without them, choose login by certificate fingerprint.",
    ),
    "signed.ksef_21217": ErrorText(
        "KSeF odrzucił plik z powodu kodowania znaków.",
        "KSeF refused the file because of its character encoding.",
        "Ustaw w programie do podpisu kodowanie UTF-8 i wyślij plik dokładnie tak, jak go zapisał, bez"
        " otwierania w edytorze tekstu.",
        "Set UTF-8 in your signing software and upload the file exactly as it saved it, without opening it in a"
        " text editor.",
    ),
    "signed.ksef_21406": ErrorText(
        "Podpis nie pasuje do sposobu identyfikacji zapisanego we wniosku (np. odcisk certyfikatu przy"
        " certyfikacie z numerem NIP lub PESEL albo odwrotnie).",
        "The signature does not fit the identification chosen in the request (e.g. a certificate fingerprint"
        " with a certificate that carries a NIP or PESEL, or the other way round).",
        "Pobierz nowy plik do podpisu z właściwym sposobem identyfikacji i podpisz go ponownie.",
        "Download a new file to sign with the right kind of identification and sign it again.",
    ),
    "signed.ksef_21111": ErrorText(
        "KSeF nie przyjął wyzwania z pliku: wygasło, zostało już użyte albo pochodzi z innego wniosku.",
        "KSeF did not accept the file's challenge: it expired, was already used, or belongs to another request.",
        "Pobierz nowy plik do podpisu i podpisz go od razu (masz na to 10 minut).",
        "Download a new file to sign and sign it straight away (you have 10 minutes).",
    ),
    # --- why a company needs to log in again (shown as status reasons) ----------------------------
    "reauth.session_revoked": ErrorText(
        "sesja logowania została zamknięta (wylogowano w KSeF lub w innym programie).",
        "the login session was closed (logged out in KSeF or in another program).",
        "Zaloguj firmę ponownie.",
        "Authorize the company again.",
    ),
    "reauth.expired": ErrorText(
        "logowanie wygasło (odświeżanie działa najwyżej 7 dni).",
        "the login expired (it can be renewed for at most 7 days).",
        "Zaloguj firmę ponownie; z tokenem lub certyfikatem KSeF stanie się to samo.",
        "Authorize the company again; with a KSeF token or certificate this happens by itself.",
    ),
    "reauth.token_revoked": ErrorText(
        "token KSeF używany do logowania został unieważniony.",
        "the KSeF token used to log in was revoked.",
        "Zaloguj firmę podpisem i utwórz nowy token.",
        "Authorize the company with a signature and create a new token.",
    ),
    "reauth.token_unusable": ErrorText(
        "KSeF nie przyjmuje już zapisanego tokenu KSeF (token jest nieaktywny albo należy do innej firmy).",
        "KSeF no longer accepts the stored KSeF token (it is inactive or belongs to another company).",
        "Zaloguj firmę podpisem i utwórz nowy token.",
        "Authorize the company with a signature and create a new token.",
    ),
    "reauth.no_permissions": ErrorText(
        "KSeF połączył się, ale odmówił dostępu: brak uprawnień w kontekście tej firmy.",
        "KSeF answered but refused access: no permissions in this company's context.",
        "Poproś właściciela firmy o nadanie uprawnień w KSeF, a potem zaloguj firmę ponownie. To nie jest "
        "problem z internetem.",
        "Ask the company's owner to grant permissions in KSeF, then authorize the company again. This is not a "
        "connection problem.",
    ),
    "reauth.office_not_granted": ErrorText(  # a stored reason: the office's NIP is shown beside it
        "KSeF odmówił logowania certyfikatem biura rachunkowego: klient nie nadał biuru uprawnień w swoim "
        "kontekście (status 415).",
        "KSeF refused the login with the accounting office's certificate: the client has not granted the office "
        "permissions in its context (status 415).",
        "Poproś klienta o nadanie biuru uprawnień InvoiceRead (odbiór faktur) i InvoiceWrite (wysyłka) w KSeF "
        "albo w KSeF Desk (Biuro rachunkowe… pokazuje dokładnie co nadać), a potem sprawdź połączenie.",
        "Ask the client to grant the office InvoiceRead (receiving) and InvoiceWrite (sending) in KSeF or in KSeF "
        "Desk (Accounting office… shows exactly what to grant), then check the connection.",
    ),
    "reauth.refused": ErrorText(  # a stored reason: no parameters (KSeF's own words are in the log)
        "KSeF odrzucił odnowienie logowania.",
        "KSeF refused to renew the login.",
        "Zaloguj firmę ponownie.",
        "Authorize the company again.",
    ),
    "status.unreachable": ErrorText(
        "nie udało się połączyć z KSeF (brak internetu lub KSeF nie odpowiada).",
        "KSeF could not be reached (no internet, or KSeF does not answer).",
        "KSeF Desk spróbuje ponownie sam; logowanie firmy jest zachowane.",
        "KSeF Desk will try again by itself; the company's login is kept.",
    ),
    "status.unavailable": ErrorText(
        "KSeF jest chwilowo niedostępny (przerwa techniczna lub awaria).",
        "KSeF is temporarily unavailable (maintenance or an outage).",
        "KSeF Desk spróbuje ponownie sam; logowanie firmy jest zachowane.",
        "KSeF Desk will try again by itself; the company's login is kept.",
    ),
    "sandbox.port_busy": ErrorText(
        "Nie można uruchomić piaskownicy na porcie {port}: {reason}.",
        "Cannot start the sandbox on port {port}: {reason}.",
        "Zamknij program, który używa tego portu (np. drugą kopię KSeF Desk), i spróbuj ponownie.",
        "Close the program using that port (for example a second copy of KSeF Desk) and try again.",
        "Zamknij program, który używa tego portu, albo wybierz inny (--port 0 = dowolny wolny).",
        "Close the program using that port, or choose another one (--port 0 = any free port).",
    ),
    "sandbox.port_invalid": ErrorText(
        "Port {port} nie istnieje: numer portu musi być z zakresu 1–65535.",
        "Port {port} does not exist: a port number must be between 1 and 65535.",
        "Podaj port od 1 do 65535 albo 0, aby piaskownica wybrała dowolny wolny port.",
        "Give a port from 1 to 65535, or 0 to let the sandbox pick any free port.",
        "Podaj --port od 1 do 65535 albo --port 0 (dowolny wolny port).",
        "Give --port from 1 to 65535, or --port 0 (any free port).",
    ),
    "sandbox.option_invalid": ErrorText(
        "Nieprawidłowa wartość {option} „{value}”: {expected}.",
        "Invalid value of {option} “{value}”: {expected}.",
        "Popraw tę wartość i uruchom piaskownicę ponownie.",
        "Correct the value and start the sandbox again.",
    ),
    "sandbox.host_invalid": ErrorText(
        "Nie można uruchomić piaskownicy pod adresem „{host}”: {reason}.",
        "Cannot start the sandbox at the address “{host}”: {reason}.",
        "Podaj adres tego komputera, najlepiej 127.0.0.1 (dostępny tylko z tego komputera).",
        "Give an address of this computer, preferably 127.0.0.1 (reachable from this computer only).",
    ),
    "sandbox.folder_unusable": ErrorText(
        "Folderu piaskownicy „{folder}” nie da się użyć: {reason}.",
        "The sandbox folder “{folder}” cannot be used: {reason}.",
        "Wskaż folder, do którego masz prawo zapisu (albo pomiń tę opcję, aby użyć folderu danych programu).",
        "Choose a folder you can write to (or leave the option out to use the app's data folder).",
    ),
    "sandbox.process_failed": ErrorText(
        "Lokalna piaskownica nie uruchomiła się albo przestała działać.",
        "The local sandbox did not start or has stopped working.",
        "Spróbuj ponownie; jeśli to się powtarza, szczegóły są w dzienniku programu (ksefdesk.log).",
        "Try again; if it happens again, the details are in the program's log (ksefdesk.log).",
    ),
    # --- talking to KSeF ------------------------------------------------------------------------
    "ksef.unreachable": ErrorText(
        "Nie można połączyć się z KSeF ({host}): {reason}.",
        "Cannot connect to KSeF ({host}): {reason}.",
        "Sprawdź połączenie z internetem i spróbuj ponownie. Twoje dane są zapisane.",
        "Check your internet connection and try again. Your data is saved.",
    ),
    "ksef.unavailable": ErrorText(
        "KSeF jest chwilowo niedostępny (przerwa techniczna lub awaria).",
        "KSeF is temporarily unavailable (maintenance or an outage).",
        "Spróbuj ponownie za kilka minut; KSeF Desk ponowi próbę sam.",
        "Try again in a few minutes; KSeF Desk will retry by itself.",
    ),
    "ksef.rate_limited": ErrorText(
        "KSeF ogranicza liczbę zapytań; limit został wyczerpany na {seconds} s.",
        "KSeF limits the number of requests; the limit is used up for {seconds} s.",
        "Poczekaj chwilę; KSeF Desk wznowi pracę automatycznie.",
        "Wait a moment; KSeF Desk will resume automatically.",
    ),
    "ksef.rejected": ErrorText(
        "KSeF odrzucił żądanie: {description}",
        "KSeF refused the request: {description}",
        "Szczegóły poniżej. Jeśli problem się powtarza, zgłoś go pomocy technicznej.",
        "Details are below. If it happens again, please report it to support.",
    ),
    "ksef.unauthorized": ErrorText(
        "KSeF nie przyjął logowania: sesja wygasła lub została unieważniona.",
        "KSeF did not accept the login: the session expired or was revoked.",
        "Zaloguj firmę ponownie.",
        "Authorize the company again.",
    ),
    "ksef.forbidden": ErrorText(
        "KSeF odmówił dostępu: {reason}.",
        "KSeF denied access: {reason}.",
        "Sprawdź uprawnienia tej osoby lub tokenu w KSeF dla tej firmy.",
        "Check the permissions of this person or token in KSeF for this company.",
    ),
    "ksef.server_error": ErrorText(
        "KSeF zgłosił błąd serwera (HTTP {status}).",
        "KSeF reported a server error (HTTP {status}).",
        "Spróbuj ponownie później.",
        "Try again later.",
    ),
    "ksef.bad_answer": ErrorText(
        "KSeF odpowiedział w nieoczekiwany sposób (HTTP {status}).",
        "KSeF answered in an unexpected way (HTTP {status}).",
        "Spróbuj ponownie; jeśli problem wróci, zgłoś go pomocy technicznej.",
        "Try again; if it happens again, please report it to support.",
    ),
    "ksef.unsafe_address": ErrorText(
        "Program nie połączy się z adresem {address}: {reason}.",
        "The app will not connect to {address}: {reason}.",
        "Nic nie wysłano ani nie pobrano. Spróbuj ponownie później; jeśli błąd wróci, zgłoś go pomocy technicznej.",
        "Nothing was sent or downloaded. Try again later; if it happens again, please report it to support.",
    ),
    "ksef.ca_bundle_unusable": ErrorText(
        "Nie można użyć pliku z certyfikatami zaufanymi {path} (ustawionego w KSEFDESK_CA_BUNDLE): {reason}.",
        "The trusted-certificates file {path} (set in KSEFDESK_CA_BUNDLE) cannot be used: {reason}.",
        "Poproś administratora o poprawny plik z certyfikatem firmowego serwera pośredniczącego.",
        "Ask your administrator for a correct file with the company proxy's certificate.",
    ),
    "ksef.bad_download": ErrorText(
        "Pobrany z KSeF plik ({what}) nie jest tym, czego oczekiwano: {reason}.",
        "The file downloaded from KSeF ({what}) is not what was expected: {reason}.",
        "Niczego nie zapisano. Program pobierze go ponownie przy następnej próbie.",
        "Nothing was stored. The app will download it again on the next attempt.",
    ),
    # --- permissions (grants and revocations are KSeF operations that finish later) ------------
    "permissions.operation_failed": ErrorText(
        "KSeF nie zmienił uprawnień: {description} (kod {status}).",
        "KSeF did not change the permissions: {description} (code {status}).",
        "Nic nie zostało nadane ani odebrane. Sprawdź dane osoby lub firmy i uprawnienia, po czym spróbuj ponownie.",
        "Nothing was granted or revoked. Check the person's or company's details and the permissions, then try again.",
    ),
    "permissions.operation_pending": ErrorText(
        "KSeF wciąż zmienia uprawnienia (operacja {reference}) i nie potwierdził końca w ciągu {seconds} s.",
        "KSeF is still changing the permissions (operation {reference}); it did not confirm the end in {seconds} s.",
        "Odśwież listę uprawnień za kilka minut; zmiana pojawi się, gdy KSeF ją zakończy. Nie zlecaj jej ponownie.",
        "Refresh the list of permissions in a few minutes; the change shows once KSeF finishes. Do not order it again.",
    ),
    # --- collective identifiers (IZ: one transfer for several invoices of one seller) -----------
    "collective.invalid_number": ErrorText(
        "„{value}” nie jest poprawnym identyfikatorem zbiorczym KSeF: {reason}.",
        "“{value}” is not a valid KSeF collective identifier: {reason}.",
        "Skopiuj identyfikator zbiorczy jeszcze raz, w całości (35 znaków), i wklej go bez zmian.",
        "Copy the collective identifier again, whole (35 characters), and paste it unchanged.",
    ),
    "collective.bad_ksef_number": ErrorText(
        "„{value}” nie jest numerem KSeF faktury, więc nie można go dołączyć do identyfikatora zbiorczego.",
        "“{value}” is not an invoice's KSeF number, so it cannot be added to a collective identifier.",
        "Wybierz faktury z listy pobranych z KSeF (mają numer KSeF) albo skopiuj numer KSeF jeszcze raz.",
        "Choose invoices from the list downloaded from KSeF (they have a KSeF number) or copy the number again.",
    ),
    "collective.too_few": ErrorText(
        "Identyfikator zbiorczy łączy co najmniej dwie faktury, a wybrano {count}.",
        "A collective identifier groups at least two invoices; {count} selected.",
        "Zaznacz co najmniej dwie faktury tego samego sprzedawcy. Jedną fakturę zapłać z jej numerem KSeF w tytule"
        " przelewu.",
        "Select at least two invoices of the same seller. Pay a single invoice with its KSeF number in the"
        " transfer title.",
    ),
    "collective.too_many": ErrorText(
        "Liczba wybranych faktur ({count}) przekracza {limit}, czyli najwięcej, ile obejmuje jeden identyfikator"
        " zbiorczy.",
        "The number of selected invoices ({count}) is over {limit}, the most one collective identifier holds.",
        "Podziel faktury na mniejsze grupy i zapłać każdą osobnym przelewem z jej identyfikatorem.",
        "Split the invoices into smaller groups and pay each with its own transfer and identifier.",
    ),
    "collective.duplicate": ErrorText(
        "Faktura {ksef_number} jest na liście dwa razy, a w identyfikatorze zbiorczym może być tylko raz.",
        "Invoice {ksef_number} is listed twice; each invoice can appear only once in a collective identifier.",
        "Usuń powtórzoną fakturę z zaznaczenia i spróbuj ponownie.",
        "Remove the repeated invoice from the selection and try again.",
    ),
    "collective.different_sellers": ErrorText(
        "Faktury w identyfikatorze zbiorczym muszą mieć jednego sprzedawcę, a faktura {ksef_number} ma innego.",
        "The invoices of a collective identifier must have one seller, but invoice {ksef_number} has another.",
        "Zaznacz tylko faktury jednego sprzedawcy; faktury innych sprzedawców zapłać osobnymi przelewami.",
        "Select only invoices of one seller; pay other sellers' invoices with separate transfers.",
    ),
    "collective.invoice_unknown": ErrorText(
        "KSeF nie znalazł faktury {ksef_number} albo nie można jej dołączyć do identyfikatora zbiorczego.",
        "KSeF did not find invoice {ksef_number}, or it cannot be added to a collective identifier.",
        "Sprawdź numer KSeF faktury i czy jesteś zalogowany w firmie, która ją otrzymała; pobierz faktury z KSeF"
        " i spróbuj ponownie.",
        "Check the invoice's KSeF number and that you are logged in to the company that received it; download the"
        " invoices from KSeF and try again.",
    ),
    "collective.invoice_full": ErrorText(
        "Faktura {ksef_number} ma już największą dozwoloną liczbę identyfikatorów zbiorczych.",
        "Invoice {ksef_number} already has the largest allowed number of collective identifiers.",
        "Użyj jednego z jej istniejących identyfikatorów albo zapłać ją przelewem z numerem KSeF w tytule.",
        "Use one of its existing identifiers, or pay it with a transfer titled with its KSeF number.",
    ),
    "collective.listing_restarted": ErrorText(
        "KSeF nie przyjął dalszej części listy identyfikatorów zbiorczych (token kontynuacji jest nieprawidłowy).",
        "KSeF did not accept the rest of the collective-identifier list (the continuation token is invalid).",
        "Spróbuj ponownie za chwilę; lista zostanie pobrana od początku.",
        "Try again in a moment; the list will be fetched from the start.",
    ),
    # --- authorization -----------------------------------------------------------------------
    "auth.no_pending_request": ErrorText(
        "Dla firmy {nip} nie pobrano jeszcze pliku do podpisu.",
        "No file to sign has been downloaded for company {nip} yet.",
        "Najpierw pobierz plik do podpisu w kreatorze logowania.",
        "Download the file to sign first, in the login wizard.",
        "Najpierw pobierz plik do podpisu („auth request”).",
        "Download the file to sign first (“auth request”).",
    ),
    "auth.failed": ErrorText(
        "KSeF nie zalogował firmy (kod {status}).",
        "KSeF did not authorize the company (code {status}).",
        "Spróbuj ponownie za chwilę; szczegóły KSeF są poniżej.",
        "Try again in a moment; KSeF's details are below.",
    ),
    "auth.no_permissions": ErrorText(
        "KSeF odmówił: ta osoba lub ten certyfikat nie ma uprawnień w kontekście firmy {nip}. To nie jest problem "
        "z połączeniem.",
        "KSeF refused: this person or certificate has no permissions in the context of company {nip}. This is not a "
        "connection problem.",
        "Poproś właściciela firmy o nadanie uprawnień w KSeF (lub złóż ZAW-FA) i zaloguj się ponownie.",
        "Ask the company's owner to grant permissions in KSeF (or file a ZAW-FA form) and log in again.",
    ),
    "auth.revoked": ErrorText(
        "Logowanie zostało unieważnione przez KSeF.",
        "The login was revoked by KSeF.",
        "Zaloguj się ponownie.",
        "Log in again.",
    ),
    "auth.bad_token": ErrorText(
        "KSeF nie przyjął tokenu: jest nieprawidłowy, nieaktywny albo unieważniony.",
        "KSeF did not accept the token: it is wrong, inactive or revoked.",
        "Sprawdź, czy wklejono cały token, albo utwórz nowy po zalogowaniu podpisem.",
        "Check that the whole token was pasted, or create a new one after a signature login.",
    ),
    # KSeF's status 450, told apart by its details (Polish since API 2.6.1, English before).
    "auth.token_wrong": ErrorText(
        "KSeF nie rozpoznał tokenu: taki token nie istnieje (literówka, niepełny token albo token z innego "
        "środowiska KSeF).",
        "KSeF did not recognise the token: no such token exists (a typo, an incomplete token or a token from "
        "another KSeF environment).",
        "Sprawdź, czy wklejono cały token i czy pochodzi z tego samego środowiska (testowe, przedprodukcyjne, "
        "produkcyjne), albo zaloguj się podpisem i utwórz nowy token.",
        "Check that the whole token was pasted and that it comes from the same environment (test, pre-production, "
        "production), or log in with a signature and create a new token.",
    ),
    "auth.token_revoked": ErrorText(
        "KSeF odrzucił token: został unieważniony.",
        "KSeF refused the token: it has been revoked.",
        "Zaloguj się podpisem albo certyfikatem i utwórz nowy token.",
        "Log in with a signature or a certificate and create a new token.",
    ),
    "auth.token_inactive": ErrorText(
        "KSeF odrzucił token: token nie jest aktywny (dopiero co utworzony albo wyłączony).",
        "KSeF refused the token: it is not active (only just created, or switched off).",
        "Nowy token staje się aktywny po chwili: spróbuj ponownie za minutę. Jeśli to nie pomoże, utwórz nowy token.",
        "A new token becomes active after a moment: try again in a minute. If that does not help, create a new token.",
    ),
    "auth.token_wrong_context": ErrorText(
        "KSeF odrzucił token: nie jest on przeznaczony dla firmy o NIP {nip}.",
        "KSeF refused the token: it is not meant for the company with NIP {nip}.",
        "Użyj tokenu utworzonego dla tej firmy albo zaloguj ją podpisem i utwórz nowy token.",
        "Use a token created for this company, or log it in with a signature and create a new token.",
    ),
    "auth.token_bad_challenge": ErrorText(
        "KSeF nie przyjął logowania tokenem: żądanie logowania (wyzwanie) jest nieprawidłowe albo wygasło.",
        "KSeF did not accept the token login: the login request (challenge) is invalid or has expired.",
        "Spróbuj zalogować się ponownie: program pobierze nowe wyzwanie.",
        "Try logging in again: the app fetches a new challenge.",
    ),
    "auth.token_bad_time": ErrorText(
        "KSeF nie przyjął logowania tokenem: czas zapisany w zaszyfrowanym tokenie nie zgadza się z wyzwaniem.",
        "KSeF did not accept the token login: the time inside the encrypted token does not match the challenge.",
        "Spróbuj ponownie. Jeśli błąd się powtarza, zgłoś go pomocy technicznej.",
        "Try again. If it happens again, please report it to support.",
    ),
    "auth.token_bad_encryption": ErrorText(
        "KSeF nie mógł odszyfrować tokenu (zaszyfrowano go kluczem, którego KSeF już nie używa, albo błędnie).",
        "KSeF could not decrypt the token (it was encrypted with a key KSeF no longer uses, or incorrectly).",
        "Spróbuj ponownie za chwilę. Jeśli błąd się powtarza, zgłoś go pomocy technicznej.",
        "Try again in a moment. If it happens again, please report it to support.",
    ),
    "auth.token_bad_encoding": ErrorText(
        "KSeF nie odczytał tokenu: ma on nieprawidłowy format (np. wklejono go z dodatkowymi znakami).",
        "KSeF could not read the token: its format is wrong (e.g. it was pasted with extra characters).",
        "Wklej token ponownie, w całości, bez spacji i znaków nowego wiersza.",
        "Paste the token again, whole, without spaces or line breaks.",
    ),
    "auth.certificate_refused": ErrorText(
        "KSeF nie przyjął certyfikatu podpisu (nieważny, zawieszony, odwołany lub niezaufany).",
        "KSeF did not accept the signing certificate (invalid, suspended, revoked or untrusted).",
        "Sprawdź ważność certyfikatu u jego wystawcy albo użyj innego.",
        "Check the certificate with its provider, or use another one.",
    ),
    "auth.deceased": ErrorText(
        "KSeF odmówił: dane logowania należą do osoby zmarłej.",
        "KSeF refused: the credentials belong to a deceased person.",
        "Skontaktuj się z urzędem skarbowym.",
        "Contact the tax office.",
    ),
    "auth.blocked": ErrorText(
        "KSeF zablokował logowanie z powodu podejrzenia incydentu bezpieczeństwa.",
        "KSeF blocked the login on suspicion of a security incident.",
        "Skontaktuj się z pomocą techniczną KSeF Ministerstwa Finansów.",
        "Contact the Ministry of Finance's KSeF support.",
    ),
    "auth.timeout": ErrorText(
        "KSeF nie zakończył sprawdzania logowania w ciągu {seconds} s.",
        "KSeF did not finish checking the login within {seconds} s.",
        "Za chwilę sprawdź stan firmy na liście (przycisk „Sprawdź połączenia”) albo spróbuj ponownie.",
        "In a moment, check the company's state in the list (“Check connections”) or try again.",
        "Sprawdź stan za chwilę („ksefdesk status”) albo spróbuj ponownie.",
        "Check the status in a moment (“ksefdesk status”) or try again.",
    ),
    "auth.not_authorized": ErrorText(
        "Firma {nip} nie jest zalogowana do KSeF.",
        "Company {nip} is not authorized with KSeF.",
        "Zaloguj ją podpisem, certyfikatem albo tokenem KSeF.",
        "Authorize it with a signature, a certificate or a KSeF token.",
    ),
    "auth.reauth_needed": ErrorText(
        "Firma {nip} wymaga ponownego zalogowania: {reason}",
        "Company {nip} needs to be authorized again: {reason}",
        "Zaloguj ją ponownie. Token KSeF lub certyfikat KSeF pozwolą odnawiać logowanie bez karty.",
        "Authorize it again. A KSeF token or KSeF certificate lets later logins renew without the card.",
    ),
    "auth.token_missing": ErrorText(
        "Nie podano tokenu KSeF.",
        "No KSeF token was given.",
        "Wklej token KSeF w pole „Token”.",
        "Paste the KSeF token into the “Token” field.",
        "Wklej token na standardowe wejście albo ustaw zmienną KSEF_TOKEN.",
        "Paste the token on standard input or set the KSEF_TOKEN variable.",
    ),
    "auth.token_not_active": ErrorText(
        "Nowy token KSeF nie stał się aktywny w ciągu {seconds} s (stan: {status});"
        " program nadal używa dotychczasowych danych logowania.",
        "The new KSeF token did not become active within {seconds} s (status: {status});"
        " the app keeps using the credentials it had.",
        "Sprawdź za chwilę w oknie „Dane logowania…”, czy token jest aktywny.",
        "Check in a moment in the “Credentials…” window whether the token is active.",
        "Sprawdź listę tokenów za chwilę („token list”).",
        "Check the token list in a moment (“token list”).",
    ),
    # --- synchronizing invoices --------------------------------------------------------------------
    "send.already_running": ErrorText(
        "Faktury firmy {nip} są właśnie wysyłane (w innym oknie lub z wiersza poleceń).",
        "Invoices of company {nip} are being sent right now (in another window or from the command line).",
        "Poczekaj, aż tamta wysyłka się skończy; nic nie zostanie wysłane dwa razy.",
        "Wait for that run to finish; nothing will be sent twice.",
    ),
    "send.session_unavailable": ErrorText(
        "KSeF ma przerwę serwisową i teraz nie przyjmuje faktur. W kolejce czeka ich {count}.",
        "KSeF is under maintenance and is not accepting invoices right now. {count} are waiting in the outbox.",
        "Nic nie ginie: spróbuj wysłać ponownie za kilka minut; każda faktura trafi do KSeF tylko raz.",
        "Nothing is lost: try sending again in a few minutes; each invoice reaches KSeF only once.",
    ),
    "app.already_running": ErrorText(
        "KSeF Desk jest już otwarty z tym folderem danych: {path}.",
        "KSeF Desk is already open with this data folder: {path}.",
        "Przejdź do otwartego okna (także ikona w zasobniku) albo zamknij je przed ponownym uruchomieniem.",
        "Switch to the open window (also the tray icon), or close it before starting again.",
    ),
    "sync.already_running": ErrorText(
        "Synchronizacja firmy {nip} już trwa.",
        "Company {nip} is already being synchronized.",
        "Poczekaj, aż się zakończy.",
        "Wait until it finishes.",
    ),
    "sync.export_failed": ErrorText(
        "KSeF nie przygotował paczki faktur (status {code_value}).",
        "KSeF did not prepare the invoice package (status {code_value}).",
        "Synchronizacja zostanie ponowiona; pobrane faktury są zapisane.",
        "The sync will be retried; the invoices already received are saved.",
    ),
    "sync.bad_package": ErrorText(
        "Paczka faktur z KSeF jest uszkodzona lub podejrzana: {reason}.",
        "The invoice package from KSeF is damaged or suspicious: {reason}.",
        "Nic z niej nie zapisano; synchronizacja zostanie ponowiona.",
        "Nothing from it was stored; the sync will be retried.",
    ),
    "invoice.no_document": ErrorText(
        "Treść faktury {ksef_number} nie jest zapisana na tym komputerze.",
        "The content of invoice {ksef_number} is not stored on this computer.",
        "Odbierz faktury ponownie (Odbierz faktury), aby pobrać jej plik.",
        "Receive invoices again (Receive invoices) to download its file.",
    ),
    "invoice.number_out_of_range": ErrorText(
        "Plik zawiera liczbę, jakiej nie ma na żadnej fakturze ({value}): ma za dużo cyfr albo zbyt duży"
        " wykładnik, więc pliku nie pokazano.",
        "The file holds a number no invoice has ({value}): it has too many digits or too large an exponent,"
        " so the file was not shown.",
        "Poproś wystawcę o poprawny plik faktury.",
        "Ask the issuer for a correct invoice file.",
    ),
    "cert.needs_signature_login": ErrorText(
        "KSeF wydaje certyfikaty tylko po logowaniu podpisem kwalifikowanym (lub certyfikatem KSeF), a ostatnie"
        " logowanie tej firmy było tokenem.",
        "KSeF issues certificates only after a login with a qualified signature (or a KSeF certificate); this"
        " company last logged in with a token.",
        "Zaloguj firmę ponownie podpisem kwalifikowanym, a potem poproś o certyfikat.",
        "Authorize the company again with the qualified signature, then request the certificate.",
    ),
    "cert.limit": ErrorText(
        "KSeF nie przyjmie kolejnego wniosku o certyfikat: limit wyczerpany (wnioski: zostało {enrollments},"
        " aktywne certyfikaty: zostało {active}).",
        "KSeF will not accept another certificate request: the limit is used up (requests left: {enrollments},"
        " active certificates left: {active}).",
        "Unieważnij niepotrzebne certyfikaty na liście poświadczeń i spróbuj ponownie.",
        "Revoke certificates you no longer need in the credentials list, then try again.",
    ),
    "cert.refused": ErrorText(
        "KSeF odrzucił wniosek o certyfikat (kod {number}): {reason}.",
        "KSeF refused the certificate request (code {number}): {reason}.",
        "Spróbuj ponownie; jeśli błąd się powtarza, zaloguj firmę ponownie podpisem i ponów wniosek.",
        "Try again; if it happens again, authorize the company again with the signature and retry.",
    ),
    "cert.weak_passphrase": ErrorText(
        "Hasło kopii zapasowej jest za krótkie.",
        "The backup passphrase is too short.",
        "Użyj co najmniej 8 znaków; zapisz hasło w bezpiecznym miejscu.",
        "Use at least 8 characters; keep the passphrase somewhere safe.",
    ),
    "cert.passphrase_missing": ErrorText(
        "Nie podano hasła kopii klucza (.p12).",
        "No passphrase for the key backup (.p12) was given.",
        "Wpisz hasło (co najmniej 8 znaków) i zapisz je w bezpiecznym miejscu.",
        "Enter a passphrase (at least 8 characters) and keep it somewhere safe.",
        "Podaj je w zmiennej KSEFDESK_KEY_PASSWORD albo uruchom polecenie w terminalu, który o nie zapyta.",
        "Set it in the KSEFDESK_KEY_PASSWORD variable, or run the command in a terminal that asks for it.",
    ),
    "cert.unknown": ErrorText(
        "Firma {nip} nie ma w aplikacji certyfikatu KSeF o numerze {serial}.",
        "Company {nip} has no KSeF certificate with the serial number {serial} in the app.",
        "Odśwież okno „Dane logowania…” i wybierz certyfikat z listy.",
        "Refresh the “Credentials…” window and pick the certificate from the list.",
        "Sprawdź numer na liście: ksefdesk cert list --nip {nip}.",
        "Check the number in the list: ksefdesk cert list --nip {nip}.",
    ),
    "cert.nothing_to_back_up": ErrorText(
        "Firma {nip} nie ma w aplikacji aktywnego certyfikatu KSeF z kluczem, więc nie ma czego zapisać.",
        "Company {nip} has no active KSeF certificate with its key in the app, so there is nothing to back up.",
        "Najpierw przygotuj firmę na 2027 (certyfikaty KSeF po jednym podpisie).",
        "First get the company ready for 2027 (KSeF certificates after one signature).",
        "Najpierw: ksefdesk cert setup --nip {nip}.",
        "First: ksefdesk cert setup --nip {nip}.",
    ),
    "cert.p12_without_key": ErrorText(
        "Plik {path} zawiera sam certyfikat, bez klucza prywatnego, więc nie można nim logować.",
        "The file {path} holds only the certificate, without its private key, so it cannot log in.",
        "Wybierz kopię zapasową zapisaną razem z kluczem (.p12 z hasłem).",
        "Choose the backup saved together with its key (a .p12 with a passphrase).",
    ),
    "cert.not_authentication": ErrorText(
        "Certyfikat w pliku {path} nie służy do logowania (to np. certyfikat Offline, który podpisuje tylko KOD II).",
        "The certificate in {path} cannot log in (it is e.g. an Offline certificate, which only signs KOD II).",
        "Wybierz certyfikat KSeF typu Authentication (do uwierzytelniania).",
        "Choose a KSeF certificate of the Authentication type.",
    ),
    "cert.not_renewable": ErrorText(
        "Certyfikatu KSeF {serial} nie można odnowić: jego stan w KSeF to {status}.",
        "KSeF certificate {serial} cannot be renewed: its state in KSeF is {status}.",
        "Poproś o nowy certyfikat: przygotuj firmę na 2027 (jeden podpis).",
        "Request a new certificate: get the company ready for 2027 (one signature).",
        "Poproś o nowy: ksefdesk cert setup --nip {nip}.",
        "Request a new one: ksefdesk cert setup --nip {nip}.",
    ),
    "cert.busy": ErrorText(
        "Certyfikaty KSeF firmy {nip} są właśnie odnawiane lub wnioskowane (w oknie albo w wierszu poleceń).",
        "The KSeF certificates of company {nip} are being renewed or requested right now (in the window or"
        " on the command line).",
        "Poczekaj chwilę i sprawdź listę certyfikatów.",
        "Wait a moment, then look at the list of certificates.",
    ),
    "office.no_certificate": ErrorText(
        "Firma {nip} nie ma jeszcze własnego certyfikatu KSeF (Authentication), którym biuro mogłoby logować "
        "się u klientów.",
        "Company {nip} has no KSeF certificate of its own (Authentication) yet for the office to log in to its"
        " clients with.",
        "Zaloguj biuro podpisem i przygotuj jego certyfikaty (karta Gotowość na 2027), albo zaimportuj kopię "
        "certyfikatu biura (.p12).",
        "Log the office in with a signature and set up its certificates (the Ready for 2027 tab), or import "
        "a backup of the office's certificate (.p12).",
        "Zaloguj biuro podpisem, a potem: ksefdesk cert setup --nip {nip} (albo ksefdesk cert import).",
        "Log the office in with a signature, then: ksefdesk cert setup --nip {nip} (or ksefdesk cert import).",
    ),
    "office.not_set": ErrorText(
        "Firma {nip} loguje się własnymi danymi, nie certyfikatem biura rachunkowego.",
        "Company {nip} logs in with its own credentials, not with an accounting office's certificate.",
        "Najpierw wskaż biuro, którego certyfikatem ma się logować.",
        "First choose the office whose certificate it should log in with.",
        "Najpierw: ksefdesk office use --client {nip} --office NIP_BIURA",
        "First: ksefdesk office use --client {nip} --office OFFICE_NIP",
    ),
    "office.itself": ErrorText(
        "Firma {nip} nie może być biurem rachunkowym samej siebie.",
        "Company {nip} cannot be its own accounting office.",
        "Wybierz inną firmę jako biuro; własnym certyfikatem firma i tak loguje się sama.",
        "Choose another company as the office; a company logs in with its own certificate anyway.",
    ),
    "office.other_environment": ErrorText(
        "Biuro {office} pracuje w środowisku {office_env}, a klient {nip} w {client_env}.",
        "The office {office} works in the {office_env} environment and the client {nip} in {client_env}.",
        "Certyfikat KSeF działa tylko w środowisku, w którym go wydano: dodaj biuro w tym samym środowisku co klienta.",
        "A KSeF certificate works only in the environment that issued it: add the office in the client's environment.",
    ),
    "office.is_client": ErrorText(
        "Firma {office} sama loguje się certyfikatem innego biura, więc nie może być biurem dla {nip}.",
        "Company {office} itself logs in with another office's certificate, so it cannot be the office of {nip}.",
        "Wybierz firmę, która loguje się własnym certyfikatem KSeF.",
        "Choose a company that logs in with its own KSeF certificate.",
    ),
    "office.nothing_to_grant": ErrorText(
        "Nie wybrano żadnego uprawnienia do nadania biuru {office}.",
        "No permission was chosen to grant to the office {office}.",
        "Zaznacz co najmniej odbiór faktur (InvoiceRead) albo wysyłkę (InvoiceWrite).",
        "Tick at least receiving invoices (InvoiceRead) or sending them (InvoiceWrite).",
        "Podaj --read, --write albo oba.",
        "Give --read, --write or both.",
    ),
    "signfile.not_request": ErrorText(
        "Plik {path} nie jest plikiem do podpisu z KSeF (AuthTokenRequest).",
        "The file {path} is not a KSeF file to sign (AuthTokenRequest).",
        "Wybierz plik pobrany w kreatorze autoryzacji („Pobierz plik do podpisu”).",
        "Choose the file downloaded in the authorization wizard (“Download the file to sign”).",
    ),
    "signfile.already_signed": ErrorText(
        "Plik {path} jest już podpisany.",
        "The file {path} is already signed.",
        "Prześlij go w kreatorze albo podpisz oryginalny, niepodpisany plik.",
        "Upload it in the wizard, or sign the original, unsigned file.",
    ),
    "pkcs11.no_module": ErrorText(
        "Nie udało się wczytać sterownika karty (moduł PKCS#11) {path}.",
        "The card driver (PKCS#11 module) {path} could not be loaded.",
        "Zainstaluj oprogramowanie karty od jej wystawcy albo wskaż właściwy plik modułu (.dll/.so).",
        "Install the card software from its issuer, or choose the right module file (.dll/.so).",
    ),
    "pkcs11.no_token": ErrorText(
        "Nie znaleziono karty „{label}” w czytniku.",
        "The card “{label}” is not in the reader.",
        "Włóż kartę do czytnika (albo podłącz token) i spróbuj ponownie.",
        "Insert the card into the reader (or plug in the token) and try again.",
    ),
    "pkcs11.many_tokens": ErrorText(
        "W czytnikach jest kilka kart.",
        "There are several cards in the readers.",
        "Wybierz kartę z listy.",
        "Choose the card from the list.",
    ),
    "pkcs11.wrong_pin": ErrorText(
        "Karta odrzuciła PIN.",
        "The card refused the PIN.",
        "Wpisz PIN ponownie; po kilku błędnych próbach karta zablokuje się.",
        "Type the PIN again; after a few wrong attempts the card locks itself.",
    ),
    "pkcs11.pin_locked": ErrorText(
        "PIN karty jest zablokowany lub wygasł.",
        "The card's PIN is locked or has expired.",
        "Odblokuj go kodem PUK w oprogramowaniu karty od wystawcy.",
        "Unlock it with the PUK in the card software from its issuer.",
    ),
    "pkcs11.no_certificate": ErrorText(
        "Na karcie nie ma certyfikatu do podpisu.",
        "The card holds no signing certificate.",
        "Sprawdź w oprogramowaniu karty, czy certyfikat kwalifikowany jest aktywny.",
        "Check in the card software that the qualified certificate is active.",
    ),
    "pkcs11.no_key": ErrorText(
        "Na karcie nie ma klucza do certyfikatu {subject}.",
        "The card has no key for the certificate {subject}.",
        "Wybierz inny certyfikat albo sprawdź kartę w jej oprogramowaniu.",
        "Choose another certificate, or check the card in its software.",
    ),
    "pkcs11.failed": ErrorText(
        "Karta nie złożyła podpisu ({reason}).",
        "The card did not sign ({reason}).",
        "Wyjmij i włóż kartę, a potem spróbuj ponownie.",
        "Take the card out, put it back and try again.",
    ),
    "qr.not_an_invoice": ErrorText(
        "Z tego pliku nie da się zbudować kodu QR KSeF: brakuje NIP sprzedawcy lub daty wystawienia (P_1).",
        "A KSeF QR code cannot be built from this file: the seller's NIP or the issue date (P_1) is missing.",
        "Sprawdź, czy to faktura FA(3) z NIP sprzedawcy w Podmiot1.",
        "Check that it is an FA(3) invoice with the seller's NIP in Podmiot1.",
    ),
    "qr.unsupported_key": ErrorText(
        "Klucz certyfikatu offline nie nadaje się do podpisu KODU II (wymagany RSA lub EC P-256).",
        "The offline certificate's key cannot sign KOD II (RSA or EC P-256 is required).",
        "Wygeneruj certyfikat offline KSeF na nowo w aplikacji.",
        "Enroll the KSeF offline certificate again in the app.",
    ),
    # --- paying purchase invoices (transfer data, QR code, collective identifier, White List) ----
    "payment.bad_account": ErrorText(
        "Numer rachunku {account} ma błędne cyfry kontrolne, więc zawiera literówkę.",
        "The account number {account} has wrong check digits, so it contains a typo.",
        "Porównaj numer z fakturą lub zapytaj sprzedawcę o właściwy rachunek.",
        "Compare the number with the invoice, or ask the seller for the right account.",
    ),
    "payment.not_an_invoice": ErrorText(
        "Z tego pliku nie da się odczytać danych do przelewu: to nie jest faktura FA(3).",
        "No transfer data can be read from this file: it is not an FA(3) invoice.",
        "Wybierz fakturę zakupową pobraną z KSeF.",
        "Choose a purchase invoice received from KSeF.",
    ),
    "payment.invoice_unknown": ErrorText(
        "Faktury o numerze KSeF {ksef_number} nie ma na tym komputerze dla firmy {nip}.",
        "There is no invoice with KSeF number {ksef_number} on this computer for company {nip}.",
        "Pobierz nowe faktury z KSeF i sprawdź numer.",
        "Receive new invoices from KSeF and check the number.",
        "Uruchom „ksefdesk sync --nip {nip}” i sprawdź numer.",
        "Run “ksefdesk sync --nip {nip}” and check the number.",
    ),
    "payment.not_purchase": ErrorText(
        "Faktura {ksef_number} nie jest fakturą zakupową tej firmy: płaci za nią ktoś inny.",
        "The invoice {ksef_number} is not a purchase invoice of this company: someone else pays it.",
        "Wybierz fakturę, na której firma jest nabywcą.",
        "Choose an invoice on which the company is the buyer.",
    ),
    "payment.collective_needs_two": ErrorText(
        "Identyfikator zbiorczy obejmuje co najmniej dwie faktury.",
        "A collective identifier covers at least two invoices.",
        "Zaznacz dwie lub więcej faktur tego samego sprzedawcy albo zapłać jedną fakturę jej numerem KSeF.",
        "Select two or more invoices of the same seller, or pay one invoice with its KSeF number.",
    ),
    "payment.collective_one_seller": ErrorText(
        "Zaznaczone faktury mają różnych sprzedawców ({count}): jeden przelew i identyfikator zbiorczy"
        " obejmują faktury jednego sprzedawcy.",
        "The selected invoices have different sellers ({count}): one transfer and collective identifier"
        " cover invoices of one seller.",
        "Zaznacz tylko faktury jednego sprzedawcy.",
        "Select only invoices of one seller.",
    ),
    "payment.collective_one_currency": ErrorText(
        "Zaznaczone faktury są w różnych walutach ({currencies}), a przelew ma jedną walutę.",
        "The selected invoices are in different currencies ({currencies}), and a transfer has one currency.",
        "Zapłać faktury w każdej walucie osobnym przelewem.",
        "Pay the invoices of each currency with a separate transfer.",
    ),
    "payment.collective_paid": ErrorText(
        "Faktura {ksef_number} jest już oznaczona jako zapłacona.",
        "The invoice {ksef_number} is already marked as paid.",
        "Usuń ją z zaznaczenia albo najpierw oznacz ją jako niezapłaconą.",
        "Leave it out of the selection, or first mark it as unpaid.",
    ),
    "payment.qr_unavailable": ErrorText(
        "Kodu QR do przelewu nie da się zrobić: {reason}.",
        "No transfer QR code can be made: {reason}.",
        "Przepisz dane przelewu przyciskami Kopiuj.",
        "Copy the transfer data with the Copy buttons.",
    ),
    "payment.bad_amount": ErrorText(
        "„{value}” nie jest kwotą.",
        "“{value}” is not an amount.",
        "Wpisz kwotę, np. 1234,50.",
        "Type an amount, e.g. 1234.50.",
    ),
    "whitelist.bad_address": ErrorText(
        "Adres Białej listy VAT {address} nie jest poprawny.",
        "The VAT White List address {address} is not valid.",
        "Wpisz w ustawieniach adres https:// (domyślnie https://wl-api.mf.gov.pl).",
        "Enter an https:// address in the settings (by default https://wl-api.mf.gov.pl).",
    ),
    # --- checking for updates (a signed release feed; nothing is ever installed by itself) -------------
    "update.bad_address": ErrorText(
        "Adres kanału aktualizacji {address} nie jest poprawny.",
        "The update feed address {address} is not valid.",
        "Wpisz w ustawieniach adres https:// albo wyczyść pole, aby wrócić do adresu domyślnego.",
        "Enter an https:// address in the settings, or clear the field to go back to the default one.",
    ),
    "update.unreachable": ErrorText(
        "Nie udało się sprawdzić aktualizacji: {reason}.",
        "Could not check for updates: {reason}.",
        "Sprawdź połączenie z internetem i spróbuj później; adres kanału aktualizacji jest w ustawieniach.",
        "Check the internet connection and try again later; the update feed address is in the settings.",
    ),
    "update.unsigned": ErrorText(
        "Kanał aktualizacji nie ma podpisu, więc program go odrzucił: nie wiadomo, kto go wydał.",
        "The update feed has no signature, so it was refused: there is no telling who published it.",
        "Pobieraj KSeF Desk tylko z jego strony; jeśli adres kanału zmieniono w ustawieniach, przywróć domyślny.",
        "Download KSeF Desk from its website only; if the feed address was changed in the settings, restore the "
        "default.",
    ),
    "update.signature_unreadable": ErrorText(
        "Podpisu kanału aktualizacji nie da się odczytać, więc program odrzucił kanał.",
        "The update feed's signature cannot be read, so the feed was refused.",
        "Spróbuj później; jeśli to się powtarza, sprawdź adres kanału aktualizacji w ustawieniach.",
        "Try again later; if it keeps happening, check the update feed address in the settings.",
    ),
    "update.wrong_key": ErrorText(
        "Kanał aktualizacji podpisano innym kluczem ({key}) niż klucz wydawcy KSeF Desk, więc program go odrzucił.",
        "The update feed is signed with another key ({key}) than KSeF Desk's publisher's, so it was refused.",
        "Nie instaluj niczego z tego kanału. Pobierz aktualną wersję KSeF Desk z jego strony.",
        "Do not install anything from this feed. Download the current KSeF Desk from its website.",
    ),
    "update.tampered": ErrorText(
        "Kanał aktualizacji został zmieniony po podpisaniu (podpis się nie zgadza), więc program go odrzucił.",
        "The update feed was changed after it was signed (the signature does not match), so it was refused.",
        "Nie instaluj niczego z tego kanału. Spróbuj później albo pobierz KSeF Desk z jego strony.",
        "Do not install anything from this feed. Try again later, or download KSeF Desk from its website.",
    ),
    "update.too_large": ErrorText(
        "Kanał aktualizacji jest większy niż {limit}, więc program go odrzucił.",
        "The update feed is larger than {limit}, so it was refused.",
        "Sprawdź adres kanału aktualizacji w ustawieniach.",
        "Check the update feed address in the settings.",
    ),
    "update.malformed": ErrorText(
        "Kanału aktualizacji nie da się odczytać: {reason}.",
        "The update feed cannot be read: {reason}.",
        "Spróbuj później; jeśli to się powtarza, pobierz KSeF Desk z jego strony.",
        "Try again later; if it keeps happening, download KSeF Desk from its website.",
    ),
    "update.bad_key": ErrorText(
        "Klucz, którym program sprawdza aktualizacje, jest uszkodzony.",
        "The key the program checks updates with is damaged.",
        "Zainstaluj KSeF Desk ponownie, pobierając go z jego strony.",
        "Install KSeF Desk again, downloaded from its website.",
    ),
    "pdf.cannot_write": ErrorText(
        "Nie udało się zapisać PDF w {path}: {reason}.",
        "The PDF could not be saved to {path}: {reason}.",
        "Wybierz inny folder, do którego masz prawo zapisu, i spróbuj ponownie.",
        "Choose another folder you can write to and try again.",
    ),
    "pdf.one_ksef_number": ErrorText(
        "Numer KSeF (--ksef-number) można podać tylko dla jednego pliku faktury.",
        "A KSeF number (--ksef-number) can be given for a single invoice file only.",
        "Utwórz PDF każdej faktury osobno albo pomiń --ksef-number.",
        "Make each invoice's PDF separately, or leave out --ksef-number.",
    ),
    "pdf.not_xml": ErrorText(
        "Plik {path} nie jest fakturą XML, którą da się pokazać: {reason}.",
        "The file {path} is not an XML invoice that can be shown: {reason}.",
        "Wybierz plik faktury FA(3) w formacie XML.",
        "Choose an FA(3) invoice file in XML format.",
    ),
    "export.cannot_write": ErrorText(
        "Nie można zapisać eksportu w {path}.",
        "The export cannot be written to {path}.",
        "Sprawdź, czy folder istnieje, jest dostępny do zapisu i czy na dysku jest miejsce.",
        "Check that the folder exists, can be written to and that the disk has free space.",
    ),
    "export.unsafe_path": ErrorText(
        "W folderze eksportu {path} jest skrót (dowiązanie) albo plik tam, gdzie program zakłada folder;"
        " eksport przerwano, żeby nie zapisać niczego poza wybranym folderem.",
        "The export folder {path} holds a shortcut (link) or a file where the app makes a folder; the export"
        " stopped so that nothing is written outside the chosen folder.",
        "Usuń ten skrót lub plik albo wybierz pusty folder i wyeksportuj ponownie.",
        "Remove that shortcut or file, or choose an empty folder, and export again.",
    ),
    "send.invalid_invoice": ErrorText(
        "Plik {file} nie jest poprawną fakturą FA(3): {problems}",
        "The file {file} is not a valid FA(3) invoice: {problems}",
        "Popraw wskazane pola w programie, który wystawił fakturę, i dodaj plik ponownie.",
        "Correct the fields named above in the program that issued the invoice and add the file again.",
    ),
    "invoice.invalid": ErrorText(
        "Faktury nie można wystawić: {problems}",
        "The invoice cannot be issued: {problems}",
        "Popraw wskazane pola i wystaw fakturę ponownie; nic nie zostało wysłane ani ponumerowane.",
        "Correct the fields named above and issue it again; nothing was sent or numbered.",
    ),
    "invoice.bad_series": ErrorText(
        "Tego wzoru numeracji nie można użyć: {problem}",
        "This numbering pattern cannot be used: {problem}",
        "Popraw wzór, np. FV/{{nr}}/{{MM}}/{{YYYY}}.",
        "Correct the pattern, e.g. FV/{{nr}}/{{MM}}/{{YYYY}}.",
    ),
    "invoice.number_used": ErrorText(
        "Numer {number} został już nadany innej fakturze tej firmy.",
        "The number {number} has already been given to another invoice of this company.",
        "Zostaw pole numeru puste (program nada kolejny numer) albo wpisz inny.",
        "Leave the number empty (the app gives the next one) or enter another.",
    ),
    "invoice.correct_purchase": ErrorText(
        "To faktura zakupu od {seller}: korektę może wystawić tylko sprzedawca.",
        "This is a purchase invoice from {seller}: only the seller can issue its correction.",
        "Poproś sprzedawcę o fakturę korygującą; trafi ona do KSeF i program ją pobierze.",
        "Ask the seller for a correcting invoice; it will reach KSeF and the app will receive it.",
    ),
    "invoice.not_an_advance": ErrorText(
        "Faktura {number} nie jest fakturą zaliczkową tej firmy.",
        "The invoice {number} is not an advance invoice of this company.",
        "Wybierz fakturę zaliczkową (ZAL), którą chcesz rozliczyć.",
        "Choose the advance invoice (ZAL) you want to settle.",
    ),
    "invoice.unreadable": ErrorText(
        "Tej faktury nie można odczytać jako FA(3).",
        "This invoice cannot be read as FA(3).",
        "Wybierz inną fakturę albo wystaw nową od początku.",
        "Choose another invoice or start a new one.",
    ),
    "invoice.lookup_failed": ErrorText(
        "Nie udało się sprawdzić nabywcy na Białej liście: {reason}.",
        "The buyer could not be looked up on the White List: {reason}.",
        "Wpisz dane nabywcy ręcznie albo spróbuj później.",
        "Enter the buyer's details by hand or try later.",
    ),
    "invoice.draft_gone": ErrorText(
        "Tego szkicu już nie ma (wystawiono go lub usunięto).",
        "This draft is no longer there (it was issued or deleted).",
        "Odśwież listę szkiców.",
        "Refresh the list of drafts.",
    ),
    "invoice.bad_json": ErrorText(
        "Plik {file} nie jest fakturą w formacie KSeF Desk: {problems}",
        "The file {file} is not an invoice in the KSeF Desk format: {problems}",
        "Popraw plik według opisu formatu (docs/invoice-json.md) i spróbuj ponownie.",
        "Correct the file as the format description says (docs/invoice-json.md) and try again.",
    ),
    "send.wrong_seller": ErrorText(
        "Faktura {file} została wystawiona przez NIP {found}, a wysyłasz ją jako firma {nip}.",
        "The invoice {file} was issued by NIP {found}, but you are sending it as company {nip}.",
        "Wybierz właściwą firmę albo właściwy plik.",
        "Choose the right company or the right file.",
    ),
    "send.unknown_seller": ErrorText(
        "Sprzedawcą na fakturze {file} jest NIP {found}, a tej firmy nie ma w KSeF Desk.",
        "The seller on the invoice {file} is NIP {found}, which is not one of your companies in KSeF Desk.",
        "Dodaj tę firmę i autoryzuj ją albo sprawdź, czy to właściwy plik.",
        "Add and authorize that company, or check that this is the right file.",
    ),
    "send.unreadable_file": ErrorText(
        "Nie można odczytać pliku {file}.",
        "The file {file} cannot be read.",
        "Sprawdź, czy plik istnieje i nie jest otwarty w innym programie.",
        "Check that the file exists and is not open in another program.",
    ),
    "send.link_refused": ErrorText(
        "{file} w folderze wysyłki jest tylko skrótem (dowiązaniem) do innego pliku, więc go nie wysłano.",
        "{file} in the outbox folder is only a shortcut (link) to another file, so it was not sent.",
        "Zapisz w folderze wysyłki samą fakturę, nie skrót do niej.",
        "Save the invoice itself in the outbox folder, not a shortcut to it.",
    ),
    # --- certificate files on this computer ------------------------------------------------------
    "cert.unreadable": ErrorText(
        "Nie można odczytać pliku {path}: {reason}.",
        "Cannot read the file {path}: {reason}.",
        "Sprawdź, czy plik istnieje i czy masz do niego dostęp.",
        "Check that the file exists and that you may read it.",
    ),
    "cert.wrong_password": ErrorText(
        "Hasło do klucza w pliku {path} jest nieprawidłowe.",
        "The password of the key in {path} is wrong.",
        "Wpisz hasło ponownie.",
        "Type the password again.",
    ),
    "cert.not_a_certificate": ErrorText(
        "Plik {path} nie zawiera certyfikatu ani klucza w znanym formacie (PKCS#12 .p12/.pfx lub PEM).",
        "The file {path} holds no certificate or key in a known format (PKCS#12 .p12/.pfx or PEM).",
        "Wybierz plik .p12/.pfx albo parę plików PEM (certyfikat i klucz).",
        "Choose a .p12/.pfx file, or a pair of PEM files (certificate and key).",
    ),
    "cert.key_mismatch": ErrorText(
        "Klucz nie pasuje do certyfikatu.",
        "The key does not belong to the certificate.",
        "Wybierz klucz wygenerowany razem z tym certyfikatem.",
        "Choose the key that was made together with this certificate.",
    ),
    "cert.unsupported_key": ErrorText(
        "Klucz typu {kind} nie jest obsługiwany; KSeF przyjmuje RSA (co najmniej 2048 bitów) i EC (co najmniej P-256).",
        "A {kind} key is not supported; KSeF accepts RSA (2048 bits or more) and EC (P-256 or more).",
        "Użyj innego certyfikatu.",
        "Use another certificate.",
    ),
    # --- the unexpected -------------------------------------------------------------------
    "internal.unexpected": ErrorText(
        "Wystąpił nieoczekiwany błąd programu ({kind}).",
        "An unexpected program error occurred ({kind}).",
        "Twoje dane są bezpieczne. Szczegóły zapisano w dzienniku: {log}. Prześlij go pomocy technicznej.",
        "Your data is safe. Details were written to the log: {log}. Please send it to support.",
    ),
}


@dataclass(frozen=True)
class Bilingual:
    """A text made outside Qt in both languages (a message parameter, a label, a note); ``text`` picks one."""

    pl: str
    en: str

    def text(self, lang: Lang) -> str:
        return self.pl if lang == "pl" else self.en


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

    def _fill(self, template: str, lang: Lang) -> str:
        params = {k: v.text(lang) if isinstance(v, Bilingual) else v for k, v in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def message(self, lang: Lang = "en") -> str:
        return self._fill(CATALOG[self.code].message(lang), lang)

    def action(self, lang: Lang = "en") -> str:
        return self._fill(CATALOG[self.code].action(lang), lang)

    def cli_action(self, lang: Lang = "en") -> str:
        return self._fill(CATALOG[self.code].cli_action(lang), lang)

    def full_text(self, lang: Lang = "en") -> str:
        """Message, action and code on one block, as the CLI prints it."""
        code_line = f"[{self.code}" + (f", KSeF {self.ksef_code}" if self.ksef_code else "") + "]"
        parts = [self.message(lang), self.cli_action(lang), code_line]
        if self.details:
            parts.append(self.details)
        return "\n".join(parts)


# --- Typed errors: callers decide by type, never by matching ``code`` strings ------------------
# Each class fixes (or limits) its catalogue codes; the texts stay in CATALOG above.


class KsefUnreachable(UserError):
    """No answer from KSeF at all (network, DNS, TLS, timeout): worth retrying later."""

    def __init__(self, *, details: str = "", ksef_code: int | None = None, **params: object) -> None:
        super().__init__("ksef.unreachable", details=details, ksef_code=ksef_code, **params)


class KsefError(UserError):
    """KSeF answered with an error: ``status`` is the HTTP status, ``ksef_code`` KSeF's exceptionCode,
    ``reason_code`` a 403's reasonCode, ``body`` the answer as parsed.

    Like ``OSError`` with errno, ``KsefError(code, status=...)`` builds the subclass the status means
    (503 ``KsefUnavailable``, 429 ``KsefRateLimited``, other 5xx ``KsefServerFault``, 4xx and 0
    ``KsefRefused``), so every error from an answer, those made by fakes in tests included, is typed.
    """

    default_code = "ksef.bad_answer"

    def __new__(cls, code: str | None = None, *, status: int = 0, **kwargs: object) -> KsefError:
        return super().__new__(_kind_for(status) if cls is KsefError else cls)

    def __init__(
        self,
        code: str | None = None,
        *,
        status: int = 0,
        ksef_code: int | None = None,
        reason_code: str = "",
        details: str = "",
        body: object = None,
        **params: object,
    ) -> None:
        super().__init__(code or self.default_code, details=details, ksef_code=ksef_code, status=status, **params)
        self.status = status
        self.reason_code = reason_code
        self.body = body


class KsefUnavailable(KsefError):
    """KSeF answered that it is down or in maintenance (503): worth retrying later."""

    default_code = "ksef.unavailable"


class KsefRateLimited(KsefError):
    """KSeF's rate limit (429) with a wait too long to sit through now: worth retrying later."""

    default_code = "ksef.rate_limited"


class KsefServerFault(KsefError):
    """KSeF failed inside (5xx other than 503): worth retrying later."""

    default_code = "ksef.server_error"


class KsefRefused(KsefError):
    """KSeF answered and refused the request (4xx); ``ksef_code`` carries its own exception code."""

    default_code = "ksef.rejected"


def _kind_for(status: int) -> type[KsefError]:
    if status == 503:
        return KsefUnavailable
    if status == 429:
        return KsefRateLimited
    if status >= 500:
        return KsefServerFault
    if status == 0 or 400 <= status < 500:
        return KsefRefused
    return KsefError  # a redirect or another answer that is not an API answer at all


# Faults of the connection or of KSeF itself: the login and the data are fine, the app tries again later.
TRY_LATER: tuple[type[UserError], ...] = (KsefUnreachable, KsefUnavailable, KsefRateLimited, KsefServerFault)


class TokenRefusal(enum.StrEnum):
    """What KSeF's authentication status 450 says about a KSeF token (told apart by its details)."""

    BAD = "bad"  # the general "wrong, inactive or revoked": details this version cannot tell apart
    WRONG = "wrong"
    REVOKED = "revoked"
    INACTIVE = "inactive"
    WRONG_CONTEXT = "wrong_context"
    BAD_CHALLENGE = "bad_challenge"
    BAD_TIME = "bad_time"
    BAD_ENCRYPTION = "bad_encryption"
    BAD_ENCODING = "bad_encoding"

    @property
    def code(self) -> str:
        """The catalogue code of its message."""
        return TOKEN_REFUSAL_CODES[self]


TOKEN_REFUSAL_CODES: dict[TokenRefusal, str] = {
    TokenRefusal.BAD: "auth.bad_token",
    TokenRefusal.WRONG: "auth.token_wrong",
    TokenRefusal.REVOKED: "auth.token_revoked",
    TokenRefusal.INACTIVE: "auth.token_inactive",
    TokenRefusal.WRONG_CONTEXT: "auth.token_wrong_context",
    TokenRefusal.BAD_CHALLENGE: "auth.token_bad_challenge",
    TokenRefusal.BAD_TIME: "auth.token_bad_time",
    TokenRefusal.BAD_ENCRYPTION: "auth.token_bad_encryption",
    TokenRefusal.BAD_ENCODING: "auth.token_bad_encoding",
}


class LoginRefused(KsefRefused):
    """KSeF checked a login and refused it: ``ksef_code`` (and ``status``) is its authentication status
    (425, 460, 470, 480, or a code this version does not know); 415 and 450 have classes of their own."""

    def __init__(self, code: str, *, nip: str, auth_status: int, details: str = "") -> None:
        super().__init__(code, status=auth_status, ksef_code=auth_status, details=details, nip=nip)


class NeedsSignatureLogin(UserError):
    """KSeF issues certificates only to a session opened with a XAdES signature: only the user can help."""

    def __init__(self, *, details: str = "") -> None:
        super().__init__("cert.needs_signature_login", details=details)


class OfficeNotGranted(UserError):
    """A login with the accounting office's certificate was refused (415): the client granted it nothing."""

    def __init__(self, *, nip: str, office: str) -> None:
        super().__init__("reauth.office_not_granted", nip=nip, office=office)


class NoPermissions(LoginRefused):
    """Authentication status 415: the login is valid but has no permissions in the company's context."""

    def __init__(self, *, nip: str, details: str = "") -> None:
        super().__init__("auth.no_permissions", nip=nip, auth_status=415, details=details)


class TokenRefused(LoginRefused):
    """Authentication status 450: KSeF did not accept the KSeF token; ``refusal`` says why."""

    def __init__(self, refusal: TokenRefusal, *, nip: str, details: str = "") -> None:
        super().__init__(refusal.code, nip=nip, auth_status=450, details=details)
        self.refusal = refusal


# The catalogue text of every stored reason (``companies.status_reason``): reworded here, never in the data.
REASON_CODES: dict[StatusReason, str] = {
    ReauthReason.EXPIRED: "reauth.expired",
    ReauthReason.SESSION_REVOKED: "reauth.session_revoked",
    ReauthReason.TOKEN_REVOKED: "reauth.token_revoked",
    ReauthReason.TOKEN_UNUSABLE: "reauth.token_unusable",
    ReauthReason.NO_PERMISSIONS: "reauth.no_permissions",
    ReauthReason.OFFICE_NOT_GRANTED: "reauth.office_not_granted",
    ReauthReason.REFUSED: "reauth.refused",
    OutageReason.UNREACHABLE: "status.unreachable",
    OutageReason.UNAVAILABLE: "status.unavailable",
}


def reason_code(reason: StatusReason | None) -> str:
    """The catalogue code of a stored reason ("" for none): what the CLI's JSON has always shown."""
    return REASON_CODES.get(reason, "") if isinstance(reason, ReauthReason | OutageReason) else ""


def reason_text(reason: StatusReason | None) -> ErrorText | None:
    """Why a company is in its state and what to do, in both languages (None: no reason to give)."""
    code = reason_code(reason)
    return CATALOG[code] if code else None


class NotAuthorized(UserError):
    """The company has never logged in (or logged out): only the user can authorize it."""

    def __init__(self, *, nip: str) -> None:
        super().__init__("auth.not_authorized", nip=nip)


class ReauthNeeded(UserError):
    """The company's login ended and nothing here can renew it: the user must log in again; ``reason``
    is what the company is marked with."""

    def __init__(self, reason: ReauthReason, *, nip: str) -> None:
        text = CATALOG[REASON_CODES[reason]]
        super().__init__("auth.reauth_needed", nip=nip, reason=Bilingual(text.pl, text.en))
        self.reason = reason


class WrongPassword(UserError):
    """The key (or .p12) needs a password and the one given, if any, does not open it: ask again."""

    def __init__(self, *, path: str) -> None:
        super().__init__("cert.wrong_password", path=path)


class Cancelled(Exception):
    """The user (or shutdown) cancelled the operation: not an error to show to anyone."""

    def __init__(self) -> None:
        super().__init__("the operation was cancelled")


class ChallengeExpired(UserError):
    """The signed file answers a challenge whose time ran out: a new file to sign is needed."""

    def __init__(self, *, deadline: str, details: str = "") -> None:
        super().__init__("signed.expired", details=details, deadline=deadline)

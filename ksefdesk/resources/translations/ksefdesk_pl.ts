<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="17"/>
        <source>About %1</source>
        <translation>O programie %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="27"/>
        <source>Desktop client for KSeF, the Polish national e-invoicing system (API v2).</source>
        <translation>Program na komputer do KSeF, Krajowego Systemu e-Faktur (API v2).</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="28"/>
        <source>Qt is used under the LGPL v3; its libraries can be replaced in the installed folder.</source>
        <translation>Qt jest używane na licencji LGPL v3; jego biblioteki można podmienić w folderze instalacji.</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="29"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="30"/>
        <source>Secrets are kept in: %1</source>
        <translation>Dane logowania przechowywane w: %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="31"/>
        <source>Open-source components inside</source>
        <translation>Zawarte komponenty open source</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="32"/>
        <source>Component</source>
        <translation>Komponent</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="32"/>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="32"/>
        <source>Licence</source>
        <translation>Licencja</translation>
    </message>
</context>
<context>
    <name>AuthWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="616"/>
        <source>Authorize a company with KSeF</source>
        <translation>Logowanie firmy do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="681"/>
        <source>Save the file to sign</source>
        <translation>Zapisz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="681"/>
        <source>XML (*.xml)</source>
        <translation>XML (*.xml)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="770"/>
        <source>Done: KSeF Desk now logs in by itself with its KSeF certificate (valid until %1).</source>
        <translation>Gotowe: KSeF Desk loguje się teraz samodzielnie swoim certyfikatem KSeF (ważnym do %1).</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="791"/>
        <source>Done: later logins renew automatically, without your card.</source>
        <translation>Gotowe: kolejne logowania odnowią się automatycznie, bez karty.</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="464"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="470"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="471"/>
        <source>Key file (PEM, optional)</source>
        <translation>Plik klucza (PEM, opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="472"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="474"/>
        <source>Certificate (.p12, .pfx, .pem):</source>
        <translation>Certyfikat (.p12, .pfx, .pem):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="475"/>
        <source>Key (PEM, if separate):</source>
        <translation>Klucz (PEM, jeśli osobno):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="479"/>
        <source>Browse…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="483"/>
        <source>Password:</source>
        <translation>Hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="484"/>
        <source>The password is used only now and is not stored.</source>
        <translation>Hasło jest używane tylko teraz i nie jest zapisywane.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="489"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="489"/>
        <source>Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)</source>
        <translation>Certyfikaty (*.p12 *.pfx *.pem *.crt *.key);;Wszystkie pliki (*)</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="226"/>
        <source>Which company?</source>
        <translation>Która firma?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="230"/>
        <source>Company NIP</source>
        <translation>NIP firmy</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="234"/>
        <source>Company name (optional)</source>
        <translation>Nazwa firmy (opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="236"/>
        <source>NIP:</source>
        <translation>NIP:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="238"/>
        <source>Name (optional):</source>
        <translation>Nazwa (opcjonalnie):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="254"/>
        <source>Correct NIP</source>
        <translation>Poprawny NIP</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/company_model.py" line="61"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="62"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="63"/>
        <source>Environment</source>
        <translation>Środowisko</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="64"/>
        <source>Login method</source>
        <translation>Logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="65"/>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="66"/>
        <source>Login valid for</source>
        <translation>Ważne jeszcze</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="67"/>
        <source>Last sync</source>
        <translation>Synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="70"/>
        <source>Not authorized</source>
        <translation>Niezalogowana</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="71"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="72"/>
        <source>Re-authorization needed</source>
        <translation>Wymaga ponownego logowania</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="73"/>
        <source>KSeF unavailable</source>
        <translation>KSeF niedostępny</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="76"/>
        <source>Qualified signature</source>
        <translation>Podpis kwalifikowany</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="77"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="78"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="79"/>
        <source>KSeF certificate (automatic)</source>
        <translation>Certyfikat KSeF (automatycznie)</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="147"/>
        <source>Renews automatically with the stored KSeF token</source>
        <translation>Odnawia się samo zapamiętanym tokenem KSeF</translation>
    </message>
</context>
<context>
    <name>CountdownLabel</name>
    <message>
        <location filename="../../ui/widgets.py" line="31"/>
        <source>Time left to upload the signed file</source>
        <translation>Czas na przesłanie podpisanego pliku</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="64"/>
        <source>Time left to upload: %1:%2</source>
        <translation>Pozostały czas na przesłanie: %1:%2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="67"/>
        <source>The time to sign is up</source>
        <translation>Czas na podpisanie minął</translation>
    </message>
</context>
<context>
    <name>CountdownStrip</name>
    <message>
        <location filename="../../ui/wizard.py" line="286"/>
        <source>Get a new file to sign</source>
        <translation>Pobierz nowy plik do podpisu</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="54"/>
        <source>Credentials – %1</source>
        <translation>Poświadczenia – %1</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="61"/>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="61"/>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="61"/>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="61"/>
        <source>Valid until</source>
        <translation>Ważne do</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="61"/>
        <source>Days left</source>
        <translation>Zostało dni</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="68"/>
        <source>Credentials held by the app</source>
        <translation>Poświadczenia przechowywane przez aplikację</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="71"/>
        <source>A KSeF login certificate lets KSeF Desk log in again by itself when the login ends, without your signature card. An offline certificate signs KOD II on invoices issued while KSeF is down. Both can be requested right after a login with the qualified signature.</source>
        <translation>Certyfikat KSeF do logowania pozwala KSeF Desk samodzielnie logować się ponownie, gdy logowanie wygaśnie — bez karty z podpisem. Certyfikat offline podpisuje KOD II na fakturach wystawionych, gdy KSeF nie działa. O oba można poprosić zaraz po zalogowaniu podpisem kwalifikowanym.</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="77"/>
        <source>Request login certificate</source>
        <translation>Poproś o certyfikat do logowania</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="79"/>
        <source>Request offline certificate</source>
        <translation>Poproś o certyfikat offline</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="81"/>
        <source>Revoke selected certificate</source>
        <translation>Unieważnij zaznaczony certyfikat</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="83"/>
        <source>Back up (.p12)…</source>
        <translation>Kopia zapasowa (.p12)…</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="84"/>
        <source>The selected certificate with its key, protected by a passphrase</source>
        <translation>Zaznaczony certyfikat z kluczem, chroniony hasłem</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="86"/>
        <source>Check in KSeF</source>
        <translation>Sprawdź w KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="113"/>
        <source>KSeF certificate</source>
        <translation>Certyfikat KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="114"/>
        <source>KSeF token (until 31 Dec 2026)</source>
        <translation>Token KSeF (do 31.12.2026)</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="115"/>
        <source>Signature certificate last used</source>
        <translation>Ostatnio użyty certyfikat podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="118"/>
        <source>active</source>
        <translation>aktywny</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="119"/>
        <source>revoked</source>
        <translation>unieważniony</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="120"/>
        <source>expired</source>
        <translation>wygasły</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="121"/>
        <source>blocked</source>
        <translation>zablokowany</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="128"/>
        <source>permissions: %1</source>
        <translation>uprawnienia: %1</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="131"/>
        <source>logs in by itself</source>
        <translation>loguje samodzielnie</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="131"/>
        <source>signs KOD II</source>
        <translation>podpisuje KOD II</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="164"/>
        <source>Working with KSeF…</source>
        <translation>Trwa komunikacja z KSeF…</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="202"/>
        <source>Save the backup</source>
        <translation>Zapisz kopię zapasową</translation>
    </message>
</context>
<context>
    <name>DownloadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="296"/>
        <source>Download the file to sign</source>
        <translation>Pobierz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="301"/>
        <source>1. Download the file and save it where your signing software can open it.&lt;br&gt;2. Sign it with your qualified signature in the &lt;b&gt;XAdES&lt;/b&gt; format, as an &lt;b&gt;enveloped&lt;/b&gt; (internal) signature, not a detached one or a PDF.&lt;br&gt;3. Upload the signed file on the next page before the time runs out.</source>
        <translation>1. Pobierz plik i zapisz go tam, gdzie otworzy go program do podpisu.&lt;br&gt;2. Podpisz go podpisem kwalifikowanym w formacie &lt;b&gt;XAdES&lt;/b&gt; jako podpis &lt;b&gt;otaczany&lt;/b&gt; (wewnętrzny), nie zewnętrzny ani PDF.&lt;br&gt;3. Prześlij podpisany plik na następnej stronie, zanim minie czas.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="308"/>
        <source>Signing software from: %1</source>
        <translation>Programy do podpisu: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="309"/>
        <source>Download the file to sign…</source>
        <translation>Pobierz plik do podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="326"/>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="157"/>
        <source>Which KSeF environment?</source>
        <translation>Które środowisko KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="162"/>
        <source>Local sandbox</source>
        <translation>Lokalna piaskownica</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="163"/>
        <source>Try everything on this computer, without a KSeF account. Nothing is sent to the Ministry.</source>
        <translation>Wypróbuj wszystko na tym komputerze, bez konta w KSeF. Nic nie trafia do Ministerstwa.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="166"/>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="168"/>
        <source>The Ministry's test environment; accepts self-signed certificates. Never use real data there.</source>
        <translation>Środowisko testowe Ministerstwa; przyjmuje certyfikaty samodzielnie wystawione. Nigdy nie używaj tam prawdziwych danych.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="172"/>
        <source>DEMO (pre-production)</source>
        <translation>DEMO (przedprodukcyjne)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="173"/>
        <source>Final checks on a copy of production, with real signatures.</source>
        <translation>Ostatnie sprawdzenie na kopii produkcji, z prawdziwymi podpisami.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="175"/>
        <source>PRODUCTION</source>
        <translation>PRODUKCJA</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="175"/>
        <source>Legally binding invoices.</source>
        <translation>Faktury wiążące prawnie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="192"/>
        <source>&lt;b&gt;Production is irreversible.&lt;/b&gt; The first invoice sent to KSeF obliges the company to send all later invoices through KSeF, and sent invoices can never be deleted, only corrected.</source>
        <translation>&lt;b&gt;Produkcja jest nieodwracalna.&lt;/b&gt; Pierwsza faktura wysłana do KSeF zobowiązuje firmę do wysyłania przez KSeF wszystkich kolejnych faktur, a wysłanych faktur nie można usunąć, tylko skorygować.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="199"/>
        <source>I understand and want to use PRODUCTION</source>
        <translation>Rozumiem i chcę użyć PRODUKCJI</translation>
    </message>
</context>
<context>
    <name>InvoiceTableModel</name>
    <message>
        <location filename="../../ui/invoice_model.py" line="138"/>
        <source>Issued</source>
        <translation>Wystawiona</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="139"/>
        <source>Invoice number</source>
        <translation>Numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="140"/>
        <source>Type</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="141"/>
        <source>Seller</source>
        <translation>Sprzedawca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="142"/>
        <source>Buyer</source>
        <translation>Nabywca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="143"/>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="144"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="145"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="148"/>
        <source>purchase</source>
        <translation>zakup</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="149"/>
        <source>sales</source>
        <translation>sprzedaż</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="150"/>
        <source>third party</source>
        <translation>podmiot trzeci</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="151"/>
        <source>authorized</source>
        <translation>podmiot upoważniony</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="153"/>
        <source>New: not opened yet</source>
        <translation>Nowa: jeszcze nieotwarta</translation>
    </message>
</context>
<context>
    <name>InvoicesPanel</name>
    <message>
        <location filename="../../ui/invoice_view.py" line="86"/>
        <source>Search: number, KSeF number, party or NIP</source>
        <translation>Szukaj: numer, numer KSeF, kontrahent lub NIP</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="88"/>
        <source>Search invoices</source>
        <translation>Szukaj faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="90"/>
        <location filename="../../ui/invoice_view.py" line="312"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="92"/>
        <location filename="../../ui/invoice_view.py" line="310"/>
        <source>Type</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="93"/>
        <source>All types</source>
        <translation>Wszystkie rodzaje</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="96"/>
        <source>Only new</source>
        <translation>Tylko nowe</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="98"/>
        <source>Issued from</source>
        <translation>Wystawione od</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="98"/>
        <source>Issued until</source>
        <translation>Wystawione do</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="111"/>
        <source>Clear filters</source>
        <translation>Wyczyść filtry</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="119"/>
        <source>Issued</source>
        <translation>Wystawiona</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="141"/>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="155"/>
        <source>Details of the selected invoice</source>
        <translation>Szczegóły wybranej faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="156"/>
        <source>Save XML…</source>
        <translation>Zapisz XML…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="158"/>
        <source>Save PDF…</source>
        <translation>Zapisz PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="159"/>
        <source>The selected invoices as one A4 PDF, with their KSeF QR codes</source>
        <translation>Zaznaczone faktury jako jeden PDF A4, z kodami QR KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="161"/>
        <source>Print…</source>
        <translation>Drukuj…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="163"/>
        <source>Mark all as read</source>
        <translation>Oznacz wszystkie jako przeczytane</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="208"/>
        <source>All companies</source>
        <translation>Wszystkie firmy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="272"/>
        <source>%1 of %2 invoices</source>
        <translation>%1 z %2 faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="317"/>
        <source>Loading the invoice…</source>
        <translation>Wczytuję fakturę…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/invoice_view.py" line="383"/>
        <source>invoices-%n.pdf</source>
        <translation>
            <numerusform>faktury-%n.pdf</numerusform>
            <numerusform>faktury-%n.pdf</numerusform>
            <numerusform>faktur-%n.pdf</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="311"/>
        <source>Received by KSeF</source>
        <translation>Przyjęta przez KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="124"/>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="107"/>
        <source>from</source>
        <translation>od</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="107"/>
        <source>to</source>
        <translation>do</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="368"/>
        <source>Save the invoice XML</source>
        <translation>Zapisz XML faktury</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <source>Details of the selected company</source>
        <translation>Szczegóły wybranej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>KSeF availability</source>
        <translation>Dostępność KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Welcome to KSeF Desk</source>
        <translation>Witaj w KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>KSeF Desk connects your companies to KSeF, the national e-invoicing system.
No company has been added yet. You can try everything without a KSeF account
in the local sandbox, which behaves like KSeF on this computer.</source>
        <translation>KSeF Desk łączy Twoje firmy z Krajowym Systemem e-Faktur.
Nie dodano jeszcze żadnej firmy. Możesz wypróbować wszystko bez konta w KSeF
w lokalnej piaskownicy, która działa jak KSeF na tym komputerze.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>Try the local sandbox</source>
        <translation>Wypróbuj lokalną piaskownicę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Adds a demonstration company in the local sandbox</source>
        <translation>Dodaje firmę demonstracyjną w lokalnej piaskownicy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Add a company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Invoices, settings and logs are kept in: %1 (back up this folder).
Passwords, tokens and keys never go there in plain text: %2</source>
        <translation>Faktury, ustawienia i dzienniki są przechowywane w: %1 (rób kopię tego folderu).
Hasła, tokeny i klucze nigdy nie trafiają tam jawnym tekstem: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>they go to your system's keyring, or, where there is none, to an encrypted vault protected by a passphrase you choose.</source>
        <translation>trafiają do systemowego pęku kluczy, a gdy go brak — do zaszyfrowanego sejfu chronionego wybranym przez Ciebie hasłem.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>Save as PDF</source>
        <translation>Zapisz jako PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>Saved %1</source>
        <translation>Zapisano %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237"/>
        <source>Stop</source>
        <translation>Zatrzymaj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>Actions</source>
        <translation>Działania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247"/>
        <source>Add company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>Authorize again…</source>
        <translation>Zaloguj ponownie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>Log out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>Switch environment…</source>
        <translation>Zmień środowisko…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>Remove company…</source>
        <translation>Usuń firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>Receive invoices</source>
        <translation>Odbierz faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>Check connections</source>
        <translation>Sprawdź połączenia</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>Open data folder</source>
        <translation>Otwórz folder danych</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265"/>
        <source>Credentials…</source>
        <translation>Poświadczenia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="267"/>
        <source>KSeF certificates, token and signature of the company, with their expiry dates</source>
        <translation>Certyfikaty KSeF, token i podpis firmy wraz z datami ważności</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>Sign a file…</source>
        <translation>Podpisz plik…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>Sign a KSeF request file here, with your signature card or a certificate file</source>
        <translation>Podpisz tutaj plik żądania KSeF kartą z podpisem lub plikiem certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="275"/>
        <source>About…</source>
        <translation>O programie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277"/>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="341"/>
        <source>Select a company to see its connection details.</source>
        <translation>Wybierz firmę, aby zobaczyć szczegóły połączenia.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346"/>
        <source>Connection: %1</source>
        <translation>Połączenie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353"/>
        <source>Login valid until %1</source>
        <translation>Logowanie ważne do %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="378"/>
        <source>Invoices you add now are marked as issued offline (%1) and sent with the offline flag by their deadline once KSeF answers again.</source>
        <translation>Faktury dodane teraz zostaną oznaczone jako wystawione offline (%1) i wysłane z oznaczeniem offline w terminie, gdy KSeF znów odpowie.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393"/>
        <source>its KSeF certificate (valid until %1)</source>
        <translation>certyfikatem KSeF (ważnym do %1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>its KSeF token (usable until 31 Dec 2026)</source>
        <translation>tokenem KSeF (działa do 31.12.2026)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="397"/>
        <source>nothing: when the login ends, sign again (Credentials… offers a KSeF certificate)</source>
        <translation>niczym: gdy logowanie wygaśnie, podpisz ponownie (Poświadczenia… oferują certyfikat KSeF)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="398"/>
        <source>Logs in again by itself with: %1</source>
        <translation>Samodzielne ponowne logowanie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="456"/>
        <source>Sending invoices…</source>
        <translation>Wysyłanie faktur…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="458"/>
        <source>Receiving invoices… %1 new so far</source>
        <translation>Pobieranie faktur… dotąd nowych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="463"/>
        <source>Automatic sync is off</source>
        <translation>Automatyczna synchronizacja wyłączona</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="465"/>
        <source>Next sync in %1</source>
        <translation>Następna synchronizacja za %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="468"/>
        <source>KSeF downloads left this hour: %1 of %2</source>
        <translation>Pozostałe pobrania z KSeF w tej godzinie: %1 z %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="475"/>
        <source>Last attempt failed: %1</source>
        <translation>Ostatnia próba nie powiodła się: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>Remove company</source>
        <translation>Usuń firmę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="519"/>
        <source>Remove %1 (NIP %2) from KSeF Desk? Its login here is closed and forgotten. Invoices in KSeF are not affected.</source>
        <translation>Usunąć %1 (NIP %2) z KSeF Desk? Logowanie firmy zostanie tu zamknięte i zapomniane. Faktury w KSeF pozostaną bez zmian.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="546"/>
        <source>Switch environment</source>
        <translation>Zmiana środowiska</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="548"/>
        <source>A company works in one KSeF environment at a time. Switching removes %1 here and authorizes it again in the environment you choose. Remember: on PRODUCTION the first invoice sent obliges the company to send all later ones there, and sent invoices can only be corrected, never deleted.</source>
        <translation>Firma pracuje w jednym środowisku KSeF naraz. Zmiana usunie tu %1 i zaloguje ją ponownie w wybranym środowisku. Pamiętaj: na PRODUKCJI pierwsza wysłana faktura zobowiązuje firmę do wysyłania tam wszystkich kolejnych, a wysłane faktury można tylko korygować, nigdy usunąć.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="578"/>
        <source>Syncing %1 companies · %2 new invoices</source>
        <translation>Synchronizacja firm: %1 · nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="597"/>
        <source>%1: new invoices: %2</source>
        <translation>%1: nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="620"/>
        <source>Choose FA(3) invoices to send</source>
        <translation>Wybierz faktury FA(3) do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="620"/>
        <source>Invoices (*.xml *.XML);;All files (*)</source>
        <translation>Faktury (*.xml *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="637"/>
        <source>Queued for sending: %1</source>
        <translation>Dodane do wysłania: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="640"/>
        <source>Not queued:</source>
        <translation>Niedodane:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="642"/>
        <source>Invoices to send</source>
        <translation>Faktury do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="652"/>
        <source>Outbox folder: %1 queued, %2 refused (see the “odrzucone” folder)</source>
        <translation>Folder do wysyłki: dodane %1, odrzucone %2 (zobacz folder „odrzucone”)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="682"/>
        <source>No offline certificate</source>
        <translation>Brak certyfikatu offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="684"/>
        <source>This invoice was issued offline, so its paper copy needs KOD II, signed with the company's KSeF offline certificate. Request one in the company's credentials (after a signature login); until then the PDF carries KOD I only.</source>
        <translation>Ta faktura została wystawiona offline, więc jej wydruk wymaga KODU II podpisanego certyfikatem offline KSeF firmy. Poproś o niego w poświadczeniach firmy (po zalogowaniu podpisem); do tego czasu PDF zawiera tylko KOD I.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="704"/>
        <source>Save the UPO</source>
        <translation>Zapisz UPO</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="722"/>
        <source>Company %1 needs to be authorized again</source>
        <translation>Firma %1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="733"/>
        <source>Watched outbox folder</source>
        <translation>Obserwowany folder do wysyłki</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="754"/>
        <source>Starting the local sandbox…</source>
        <translation>Uruchamianie lokalnej piaskownicy…</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="105"/>
        <source>How do you want to log in to KSeF?</source>
        <translation>Jak chcesz zalogować się do KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="111"/>
        <source>Qualified electronic signature</source>
        <translation>Kwalifikowany podpis elektroniczny</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="113"/>
        <source>For the first login or when you sign with a card: you download a file, sign it in your signing software and upload it here.</source>
        <translation>Przy pierwszym logowaniu lub gdy podpisujesz kartą: pobierasz plik, podpisujesz go w programie do podpisu i przesyłasz tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="119"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="121"/>
        <source>A .p12/.pfx or PEM certificate with its key (for example a KSeF certificate): KSeF Desk signs for you.</source>
        <translation>Certyfikat .p12/.pfx lub PEM z kluczem (np. certyfikat KSeF): KSeF Desk podpisze za Ciebie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="127"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="129"/>
        <source>A token created in KSeF or by KSeF Desk after a signature login; logins then renew automatically.</source>
        <translation>Token utworzony w KSeF lub przez KSeF Desk po logowaniu podpisem; logowanie odnawia się wtedy samo.</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="142"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="148"/>
        <source>Add invoices…</source>
        <translation>Dodaj faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="150"/>
        <source>Send now</source>
        <translation>Wyślij teraz</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="152"/>
        <source>Save UPO…</source>
        <translation>Zapisz UPO…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="154"/>
        <source>Invoice PDF…</source>
        <translation>PDF faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="155"/>
        <source>The invoice with KOD I, and KOD II when it was issued offline</source>
        <translation>Faktura z KODEM I oraz KODEM II, jeśli wystawiono ją offline</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="158"/>
        <source>How new invoices were issued</source>
        <translation>Jak wystawiono nowe faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="159"/>
        <source>Issued online (KSeF works)</source>
        <translation>Wystawione online (KSeF działa)</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="161"/>
        <source>Issued offline: %1</source>
        <translation>Wystawione offline: %1</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="164"/>
        <source>Invoices issued while KSeF or the connection was down are sent with KSeF's offline flag by their legal deadline, which the Send by column shows.</source>
        <translation>Faktury wystawione, gdy KSeF lub połączenie nie działało, są wysyłane z oznaczeniem offline w ustawowym terminie, który pokazuje kolumna „Wyślij do”.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="170"/>
        <source>Drop FA(3) XML files here or add them with the button. Each invoice goes to the company that is its seller; KSeF Desk sends it once and keeps its KSeF number and UPO.</source>
        <translation>Upuść tutaj pliki XML FA(3) albo dodaj je przyciskiem. Każda faktura trafia do firmy, która jest jej sprzedawcą; KSeF Desk wysyła ją jeden raz i zachowuje jej numer KSeF oraz UPO.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="197"/>
        <source>Waiting: %1 · with UPO: %2 · UPO pending: %3 · rejected: %4</source>
        <translation>Czekające: %1 · z UPO: %2 · UPO w drodze: %3 · odrzucone: %4</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="44"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="45"/>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="46"/>
        <source>Invoice number</source>
        <translation>Numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="47"/>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="48"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="49"/>
        <source>Issued offline</source>
        <translation>Wystawiona offline</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="50"/>
        <source>Send by</source>
        <translation>Wyślij do</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="51"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="54"/>
        <source>offline24</source>
        <translation>offline24</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="55"/>
        <source>KSeF unavailable</source>
        <translation>niedostępność KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="56"/>
        <source>KSeF failure</source>
        <translation>awaria KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="59"/>
        <source>waiting to be sent</source>
        <translation>czeka na wysłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="60"/>
        <source>sending</source>
        <translation>wysyłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="61"/>
        <source>sent, KSeF is checking it</source>
        <translation>wysłana, KSeF ją sprawdza</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="62"/>
        <source>accepted, UPO on its way</source>
        <translation>przyjęta, UPO w drodze</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="63"/>
        <source>accepted, UPO received</source>
        <translation>przyjęta, UPO odebrane</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="64"/>
        <source>rejected</source>
        <translation>odrzucona</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="101"/>
        <source>after the outage ends</source>
        <translation>po zakończeniu awarii</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="528"/>
        <location filename="../../ui/wizard.py" line="565"/>
        <source>KSeF is checking your login</source>
        <translation>KSeF sprawdza logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="532"/>
        <source>Waiting for KSeF</source>
        <translation>Oczekiwanie na KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="535"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="537"/>
        <source>Stay connected: request a KSeF certificate (recommended)</source>
        <translation>Pozostań połączony: poproś o certyfikat KSeF (zalecane)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="540"/>
        <source>KSeF Desk keeps the certificate's key in the secure store and logs in again by itself when the login ends: no card, no token. It also works after KSeF tokens end on 31 Dec 2026.</source>
        <translation>KSeF Desk przechowuje klucz certyfikatu w bezpiecznym magazynie i sam loguje się ponownie, gdy logowanie wygaśnie: bez karty i bez tokenu. Działa też po wygaśnięciu tokenów KSeF 31.12.2026.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="547"/>
        <source>Create a KSeF token for automatic renewal</source>
        <translation>Utwórz token KSeF do automatycznego odnawiania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="564"/>
        <source>Sending to KSeF and waiting for it to verify the login…</source>
        <translation>Wysyłanie do KSeF i oczekiwanie na sprawdzenie logowania…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="571"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="573"/>
        <source>&lt;b&gt;%1 is connected to KSeF.&lt;/b&gt; Invoices can now be sent and received.</source>
        <translation>&lt;b&gt;%1 jest połączona z KSeF.&lt;/b&gt; Można już wysyłać i odbierać faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="578"/>
        <source>A signature login lasts up to 7 days. A KSeF certificate (or a KSeF token) lets KSeF Desk renew it without your card.</source>
        <translation>Logowanie podpisem trwa do 7 dni. Certyfikat KSeF (albo token KSeF) pozwala KSeF Desk odnawiać je bez karty.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="589"/>
        <source>Not connected</source>
        <translation>Brak połączenia</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="69"/>
        <source>Language:</source>
        <translation>Język:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>A new language applies after restarting KSeF Desk.</source>
        <translation>Nowy język zacznie obowiązywać po ponownym uruchomieniu KSeF Desk.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71"/>
        <source>Closing the window keeps KSeF Desk running in the system tray</source>
        <translation>Zamknięcie okna pozostawia KSeF Desk działający w zasobniku systemowym</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="77"/>
        <source>Automatic sync</source>
        <translation>Automatyczna synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>only when I ask</source>
        <translation>tylko na moje polecenie</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>every %1 min</source>
        <translation>co %1 min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="84"/>
        <source>Send and receive invoices:</source>
        <translation>Wysyłaj i pobieraj faktury:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="87"/>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="88"/>
        <source>Watched outbox folder</source>
        <translation>Obserwowany folder do wysyłki</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="89"/>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="94"/>
        <source>Watched outbox folder:</source>
        <translation>Obserwowany folder do wysyłki:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source>FA(3) files saved there by your invoicing program are sent automatically; processed files move to its subfolders “zaimportowane” and “odrzucone”.</source>
        <translation>Pliki FA(3) zapisane tam przez Twój program do fakturowania są wysyłane automatycznie; przetworzone pliki trafiają do jego podfolderów „zaimportowane” i „odrzucone”.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="104"/>
        <source>Secrets are kept in:</source>
        <translation>Sekrety są przechowywane w:</translation>
    </message>
</context>
<context>
    <name>SignFileDialog</name>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="58"/>
        <source>Sign a file</source>
        <translation>Podpisz plik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="61"/>
        <source>The file to sign, downloaded in the authorization wizard</source>
        <translation>Plik do podpisu pobrany w kreatorze autoryzacji</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="62"/>
        <location filename="../../ui/sign_file_dialog.py" line="141"/>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="68"/>
        <source>Signature card or token (PKCS#11)</source>
        <translation>Karta z podpisem lub token (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="69"/>
        <source>Certificate file (.p12/.pfx or PEM)</source>
        <translation>Plik certyfikatu (.p12/.pfx lub PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="81"/>
        <source>Sign and save…</source>
        <translation>Podpisz i zapisz…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="84"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="105"/>
        <source>Card driver (PKCS#11 module)</source>
        <translation>Sterownik karty (moduł PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="108"/>
        <source>Other driver…</source>
        <translation>Inny sterownik…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="114"/>
        <source>Certificate on the card</source>
        <translation>Certyfikat na karcie</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="115"/>
        <source>Read the card</source>
        <translation>Odczytaj kartę</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="122"/>
        <location filename="../../ui/sign_file_dialog.py" line="126"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="123"/>
        <source>used for this signature only, never stored</source>
        <translation>użyty tylko do tego podpisu, nigdy nie zapisywany</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="124"/>
        <source>Driver</source>
        <translation>Sterownik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="125"/>
        <location filename="../../ui/sign_file_dialog.py" line="138"/>
        <source>Certificate</source>
        <translation>Certyfikat</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="134"/>
        <source>only for a PEM certificate with a separate key</source>
        <translation>tylko dla certyfikatu PEM z osobnym kluczem</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="137"/>
        <location filename="../../ui/sign_file_dialog.py" line="145"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="138"/>
        <source>Key</source>
        <translation>Klucz</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="150"/>
        <source>The file to sign</source>
        <translation>Plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="150"/>
        <source>XML (*.xml);;All files (*)</source>
        <translation>XML (*.xml);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="155"/>
        <source>Card driver</source>
        <translation>Sterownik karty</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="155"/>
        <source>PKCS#11 module (*.so *.dll *.dylib)</source>
        <translation>Moduł PKCS#11 (*.so *.dll *.dylib)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="161"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="161"/>
        <source>All files (*)</source>
        <translation>Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="171"/>
        <source>Reading the card…</source>
        <translation>Odczytuję kartę…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="182"/>
        <source>Certificates on the card: %1</source>
        <translation>Certyfikaty na karcie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="184"/>
        <source>The card holds no certificate.</source>
        <translation>Na karcie nie ma certyfikatu.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="191"/>
        <source>Choose the file to sign first.</source>
        <translation>Najpierw wybierz plik do podpisu.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="194"/>
        <source>Save the signed file</source>
        <translation>Zapisz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="201"/>
        <source>Signing…</source>
        <translation>Podpisuję…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="235"/>
        <source>Signed and saved: %1. Upload it in the wizard on the computer that runs KSeF Desk.</source>
        <translation>Podpisano i zapisano: %1. Prześlij go w kreatorze na komputerze z KSeF Desk.</translation>
    </message>
</context>
<context>
    <name>TokenPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="504"/>
        <location filename="../../ui/wizard.py" line="508"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="510"/>
        <source>Paste the KSeF token:</source>
        <translation>Wklej token KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="512"/>
        <source>Remember the token to renew the login automatically</source>
        <translation>Zapamiętaj token, aby logowanie odnawiało się automatycznie</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="60"/>
        <source>not authorized</source>
        <translation>niezalogowana</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="61"/>
        <source>connected</source>
        <translation>połączona</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="62"/>
        <source>needs authorizing again</source>
        <translation>wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="63"/>
        <source>KSeF unavailable</source>
        <translation>KSeF niedostępny</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="83"/>
        <source>%1 companies need attention</source>
        <translation>firmy wymagające uwagi: %1</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="85"/>
        <source>all connections in order</source>
        <translation>wszystkie połączenia w porządku</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="98"/>
        <source>Open KSeF Desk</source>
        <translation>Otwórz KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="99"/>
        <source>Check connections now</source>
        <translation>Sprawdź połączenia teraz</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="100"/>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="110"/>
        <source>%1 needs to be authorized again</source>
        <translation>%1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="118"/>
        <source>New purchase invoices: %1</source>
        <translation>Nowe faktury zakupowe: %1</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="119"/>
        <source>%1 received %2 new purchase invoices from KSeF.</source>
        <translation>%1 otrzymała z KSeF nowe faktury zakupowe: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="125"/>
        <source>Credentials expire soon: %1</source>
        <translation>Wkrótce wygasają poświadczenia: %1</translation>
    </message>
</context>
<context>
    <name>UploadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="346"/>
        <source>Upload the signed file</source>
        <translation>Prześlij podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="352"/>
        <source>Choose the signed file…</source>
        <translation>Wybierz podpisany plik…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="354"/>
        <source>Sign here with my signature card…</source>
        <translation>Podpisz tutaj moją kartą…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="356"/>
        <source>KSeF Desk signs the file with your card (PKCS#11): no signing software, no copying files</source>
        <translation>KSeF Desk podpisze plik Twoją kartą (PKCS#11): bez programu do podpisu i bez kopiowania plików</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="364"/>
        <source>…or drop the signed file here</source>
        <translation>…albo upuść tutaj podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="368"/>
        <source>Watch a folder for the signed file (e.g. a USB stick)</source>
        <translation>Obserwuj folder, w którym pojawi się podpisany plik (np. pendrive)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="373"/>
        <source>Result of the signature check</source>
        <translation>Wynik sprawdzenia podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="399"/>
        <source>Choose the signed file</source>
        <translation>Wybierz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="399"/>
        <source>Signed XML (*.xml *.xades *.XML);;All files (*)</source>
        <translation>Podpisany XML (*.xml *.xades *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="408"/>
        <source>Folder to watch</source>
        <translation>Folder do obserwowania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="414"/>
        <source>Watching %1 for the signed file</source>
        <translation>Obserwowany folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="427"/>
        <source>Checking the signature…</source>
        <translation>Sprawdzanie podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="437"/>
        <source>The file is correctly signed (%1). You can send it to KSeF.</source>
        <translation>Plik jest poprawnie podpisany (%1). Możesz wysłać go do KSeF.</translation>
    </message>
</context>
</TS>
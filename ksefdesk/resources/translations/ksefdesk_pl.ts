<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AuthWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="580"/>
        <source>Authorize a company with KSeF</source>
        <translation>Logowanie firmy do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="645"/>
        <source>Save the file to sign</source>
        <translation>Zapisz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="645"/>
        <source>XML (*.xml)</source>
        <translation>XML (*.xml)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="729"/>
        <source>Done: later logins renew automatically, without your card.</source>
        <translation>Gotowe: kolejne logowania odnowią się automatycznie, bez karty.</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="442"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="448"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="449"/>
        <source>Key file (PEM, optional)</source>
        <translation>Plik klucza (PEM, opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="450"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="452"/>
        <source>Certificate (.p12, .pfx, .pem):</source>
        <translation>Certyfikat (.p12, .pfx, .pem):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="453"/>
        <source>Key (PEM, if separate):</source>
        <translation>Klucz (PEM, jeśli osobno):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="457"/>
        <source>Browse…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="461"/>
        <source>Password:</source>
        <translation>Hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="462"/>
        <source>The password is used only now and is not stored.</source>
        <translation>Hasło jest używane tylko teraz i nie jest zapisywane.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="467"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="467"/>
        <source>Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)</source>
        <translation>Certyfikaty (*.p12 *.pfx *.pem *.crt *.key);;Wszystkie pliki (*)</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="223"/>
        <source>Which company?</source>
        <translation>Która firma?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="227"/>
        <source>Company NIP</source>
        <translation>NIP firmy</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="231"/>
        <source>Company name (optional)</source>
        <translation>Nazwa firmy (opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="233"/>
        <source>NIP:</source>
        <translation>NIP:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="235"/>
        <source>Name (optional):</source>
        <translation>Nazwa (opcjonalnie):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="251"/>
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
        <location filename="../../ui/wizard.py" line="283"/>
        <source>Get a new file to sign</source>
        <translation>Pobierz nowy plik do podpisu</translation>
    </message>
</context>
<context>
    <name>DownloadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="293"/>
        <source>Download the file to sign</source>
        <translation>Pobierz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="298"/>
        <source>1. Download the file and save it where your signing software can open it.&lt;br&gt;2. Sign it with your qualified signature in the &lt;b&gt;XAdES&lt;/b&gt; format, as an &lt;b&gt;enveloped&lt;/b&gt; (internal) signature, not a detached one or a PDF.&lt;br&gt;3. Upload the signed file on the next page before the time runs out.</source>
        <translation>1. Pobierz plik i zapisz go tam, gdzie otworzy go program do podpisu.&lt;br&gt;2. Podpisz go podpisem kwalifikowanym w formacie &lt;b&gt;XAdES&lt;/b&gt; jako podpis &lt;b&gt;otaczany&lt;/b&gt; (wewnętrzny), nie zewnętrzny ani PDF.&lt;br&gt;3. Prześlij podpisany plik na następnej stronie, zanim minie czas.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="305"/>
        <source>Signing software from: %1</source>
        <translation>Programy do podpisu: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="306"/>
        <source>Download the file to sign…</source>
        <translation>Pobierz plik do podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="322"/>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="154"/>
        <source>Which KSeF environment?</source>
        <translation>Które środowisko KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="159"/>
        <source>Local sandbox</source>
        <translation>Lokalna piaskownica</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="160"/>
        <source>Try everything on this computer, without a KSeF account. Nothing is sent to the Ministry.</source>
        <translation>Wypróbuj wszystko na tym komputerze, bez konta w KSeF. Nic nie trafia do Ministerstwa.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="163"/>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="165"/>
        <source>The Ministry's test environment; accepts self-signed certificates. Never use real data there.</source>
        <translation>Środowisko testowe Ministerstwa; przyjmuje certyfikaty samodzielnie wystawione. Nigdy nie używaj tam prawdziwych danych.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="169"/>
        <source>DEMO (pre-production)</source>
        <translation>DEMO (przedprodukcyjne)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="170"/>
        <source>Final checks on a copy of production, with real signatures.</source>
        <translation>Ostatnie sprawdzenie na kopii produkcji, z prawdziwymi podpisami.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="172"/>
        <source>PRODUCTION</source>
        <translation>PRODUKCJA</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="172"/>
        <source>Legally binding invoices.</source>
        <translation>Faktury wiążące prawnie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="189"/>
        <source>&lt;b&gt;Production is irreversible.&lt;/b&gt; The first invoice sent to KSeF obliges the company to send all later invoices through KSeF, and sent invoices can never be deleted, only corrected.</source>
        <translation>&lt;b&gt;Produkcja jest nieodwracalna.&lt;/b&gt; Pierwsza faktura wysłana do KSeF zobowiązuje firmę do wysyłania przez KSeF wszystkich kolejnych faktur, a wysłanych faktur nie można usunąć, tylko skorygować.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="196"/>
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
        <location filename="../../ui/main_window.py" line="65"/>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>Details of the selected company</source>
        <translation>Szczegóły wybranej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Welcome to KSeF Desk</source>
        <translation>Witaj w KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117"/>
        <source>KSeF Desk connects your companies to KSeF, the national e-invoicing system.
No company has been added yet. You can try everything without a KSeF account
in the local sandbox, which behaves like KSeF on this computer.</source>
        <translation>KSeF Desk łączy Twoje firmy z Krajowym Systemem e-Faktur.
Nie dodano jeszcze żadnej firmy. Możesz wypróbować wszystko bez konta w KSeF
w lokalnej piaskownicy, która działa jak KSeF na tym komputerze.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Try the local sandbox</source>
        <translation>Wypróbuj lokalną piaskownicę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Adds a demonstration company in the local sandbox</source>
        <translation>Dodaje firmę demonstracyjną w lokalnej piaskownicy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Add a company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Save as PDF</source>
        <translation>Zapisz jako PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Saved %1</source>
        <translation>Zapisano %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>Stop</source>
        <translation>Zatrzymaj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>Actions</source>
        <translation>Działania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>Add company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>Authorize again…</source>
        <translation>Zaloguj ponownie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>Log out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <source>Switch environment…</source>
        <translation>Zmień środowisko…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>Remove company…</source>
        <translation>Usuń firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>Receive invoices</source>
        <translation>Odbierz faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222"/>
        <source>Check connections</source>
        <translation>Sprawdź połączenia</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>Open data folder</source>
        <translation>Otwórz folder danych</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226"/>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="286"/>
        <source>Select a company to see its connection details.</source>
        <translation>Wybierz firmę, aby zobaczyć szczegóły połączenia.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>Connection: %1</source>
        <translation>Połączenie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Login valid until %1</source>
        <translation>Logowanie ważne do %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <source>renews automatically</source>
        <translation>odnawia się automatycznie</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>Sending invoices…</source>
        <translation>Wysyłanie faktur…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314"/>
        <source>Receiving invoices… %1 new so far</source>
        <translation>Pobieranie faktur… dotąd nowych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="319"/>
        <source>Automatic sync is off</source>
        <translation>Automatyczna synchronizacja wyłączona</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="321"/>
        <source>Next sync in %1</source>
        <translation>Następna synchronizacja za %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324"/>
        <source>KSeF downloads left this hour: %1 of %2</source>
        <translation>Pozostałe pobrania z KSeF w tej godzinie: %1 z %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="331"/>
        <source>Last attempt failed: %1</source>
        <translation>Ostatnia próba nie powiodła się: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="373"/>
        <source>Remove company</source>
        <translation>Usuń firmę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="375"/>
        <source>Remove %1 (NIP %2) from KSeF Desk? Its login here is closed and forgotten. Invoices in KSeF are not affected.</source>
        <translation>Usunąć %1 (NIP %2) z KSeF Desk? Logowanie firmy zostanie tu zamknięte i zapomniane. Faktury w KSeF pozostaną bez zmian.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="402"/>
        <source>Switch environment</source>
        <translation>Zmiana środowiska</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="404"/>
        <source>A company works in one KSeF environment at a time. Switching removes %1 here and authorizes it again in the environment you choose. Remember: on PRODUCTION the first invoice sent obliges the company to send all later ones there, and sent invoices can only be corrected, never deleted.</source>
        <translation>Firma pracuje w jednym środowisku KSeF naraz. Zmiana usunie tu %1 i zaloguje ją ponownie w wybranym środowisku. Pamiętaj: na PRODUKCJI pierwsza wysłana faktura zobowiązuje firmę do wysyłania tam wszystkich kolejnych, a wysłane faktury można tylko korygować, nigdy usunąć.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="434"/>
        <source>Syncing %1 companies · %2 new invoices</source>
        <translation>Synchronizacja firm: %1 · nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="453"/>
        <source>%1: new invoices: %2</source>
        <translation>%1: nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476"/>
        <source>Choose FA(3) invoices to send</source>
        <translation>Wybierz faktury FA(3) do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476"/>
        <source>Invoices (*.xml *.XML);;All files (*)</source>
        <translation>Faktury (*.xml *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="492"/>
        <source>Queued for sending: %1</source>
        <translation>Dodane do wysłania: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="495"/>
        <source>Not queued:</source>
        <translation>Niedodane:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="497"/>
        <source>Invoices to send</source>
        <translation>Faktury do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="507"/>
        <source>Outbox folder: %1 queued, %2 refused (see the “odrzucone” folder)</source>
        <translation>Folder do wysyłki: dodane %1, odrzucone %2 (zobacz folder „odrzucone”)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="527"/>
        <source>Save the UPO</source>
        <translation>Zapisz UPO</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="545"/>
        <source>Company %1 needs to be authorized again</source>
        <translation>Firma %1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="556"/>
        <source>Watched outbox folder</source>
        <translation>Obserwowany folder do wysyłki</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="577"/>
        <source>Starting the local sandbox…</source>
        <translation>Uruchamianie lokalnej piaskownicy…</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="102"/>
        <source>How do you want to log in to KSeF?</source>
        <translation>Jak chcesz zalogować się do KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="108"/>
        <source>Qualified electronic signature</source>
        <translation>Kwalifikowany podpis elektroniczny</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="110"/>
        <source>For the first login or when you sign with a card: you download a file, sign it in your signing software and upload it here.</source>
        <translation>Przy pierwszym logowaniu lub gdy podpisujesz kartą: pobierasz plik, podpisujesz go w programie do podpisu i przesyłasz tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="116"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="118"/>
        <source>A .p12/.pfx or PEM certificate with its key (for example a KSeF certificate): KSeF Desk signs for you.</source>
        <translation>Certyfikat .p12/.pfx lub PEM z kluczem (np. certyfikat KSeF): KSeF Desk podpisze za Ciebie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="124"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="126"/>
        <source>A token created in KSeF or by KSeF Desk after a signature login; logins then renew automatically.</source>
        <translation>Token utworzony w KSeF lub przez KSeF Desk po logowaniu podpisem; logowanie odnawia się wtedy samo.</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="110"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="116"/>
        <source>Add invoices…</source>
        <translation>Dodaj faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="118"/>
        <source>Send now</source>
        <translation>Wyślij teraz</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="120"/>
        <source>Save UPO…</source>
        <translation>Zapisz UPO…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="124"/>
        <source>Drop FA(3) XML files here or add them with the button. Each invoice goes to the company that is its seller; KSeF Desk sends it once and keeps its KSeF number and UPO.</source>
        <translation>Upuść tutaj pliki XML FA(3) albo dodaj je przyciskiem. Każda faktura trafia do firmy, która jest jej sprzedawcą; KSeF Desk wysyła ją jeden raz i zachowuje jej numer KSeF oraz UPO.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="150"/>
        <source>Waiting: %1 · with UPO: %2 · UPO pending: %3 · rejected: %4</source>
        <translation>Czekające: %1 · z UPO: %2 · UPO w drodze: %3 · odrzucone: %4</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="32"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="33"/>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="34"/>
        <source>Invoice number</source>
        <translation>Numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="35"/>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="36"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="37"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="40"/>
        <source>waiting to be sent</source>
        <translation>czeka na wysłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="41"/>
        <source>sending</source>
        <translation>wysyłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="42"/>
        <source>sent, KSeF is checking it</source>
        <translation>wysłana, KSeF ją sprawdza</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="43"/>
        <source>accepted, UPO on its way</source>
        <translation>przyjęta, UPO w drodze</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="44"/>
        <source>accepted, UPO received</source>
        <translation>przyjęta, UPO odebrane</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="45"/>
        <source>rejected</source>
        <translation>odrzucona</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="506"/>
        <location filename="../../ui/wizard.py" line="532"/>
        <source>KSeF is checking your login</source>
        <translation>KSeF sprawdza logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="510"/>
        <source>Waiting for KSeF</source>
        <translation>Oczekiwanie na KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="513"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="515"/>
        <source>Create a KSeF token for automatic renewal</source>
        <translation>Utwórz token KSeF do automatycznego odnawiania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="531"/>
        <source>Sending to KSeF and waiting for it to verify the login…</source>
        <translation>Wysyłanie do KSeF i oczekiwanie na sprawdzenie logowania…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="538"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="540"/>
        <source>&lt;b&gt;%1 is connected to KSeF.&lt;/b&gt; Invoices can now be sent and received.</source>
        <translation>&lt;b&gt;%1 jest połączona z KSeF.&lt;/b&gt; Można już wysyłać i odbierać faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="545"/>
        <source>A signature login lasts up to 7 days. A KSeF token lets KSeF Desk renew it without your card.</source>
        <translation>Logowanie podpisem działa do 7 dni. Token KSeF pozwoli KSeF Desk odnawiać je bez karty.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="554"/>
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
    <name>TokenPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="482"/>
        <location filename="../../ui/wizard.py" line="486"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="488"/>
        <source>Paste the KSeF token:</source>
        <translation>Wklej token KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="490"/>
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
</context>
<context>
    <name>UploadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="342"/>
        <source>Upload the signed file</source>
        <translation>Prześlij podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="348"/>
        <source>Choose the signed file…</source>
        <translation>Wybierz podpisany plik…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="351"/>
        <source>…or drop the signed file here</source>
        <translation>…albo upuść tutaj podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="355"/>
        <source>Watch a folder for the signed file (e.g. a USB stick)</source>
        <translation>Obserwuj folder, w którym pojawi się podpisany plik (np. pendrive)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="360"/>
        <source>Result of the signature check</source>
        <translation>Wynik sprawdzenia podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="377"/>
        <source>Choose the signed file</source>
        <translation>Wybierz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="377"/>
        <source>Signed XML (*.xml *.xades *.XML);;All files (*)</source>
        <translation>Podpisany XML (*.xml *.xades *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="386"/>
        <source>Folder to watch</source>
        <translation>Folder do obserwowania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="392"/>
        <source>Watching %1 for the signed file</source>
        <translation>Obserwowany folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="405"/>
        <source>Checking the signature…</source>
        <translation>Sprawdzanie podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="415"/>
        <source>The file is correctly signed (%1). You can send it to KSeF.</source>
        <translation>Plik jest poprawnie podpisany (%1). Możesz wysłać go do KSeF.</translation>
    </message>
</context>
</TS>
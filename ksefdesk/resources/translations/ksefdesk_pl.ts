<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="17"/>
        <location filename="../../ui/about_dialog.py" line="27"/>
        <source>About %1</source>
        <translation>O programie %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="28"/>
        <source>Desktop client for KSeF, the Polish national e-invoicing system (API v2).</source>
        <translation>Program na komputer do KSeF, Krajowego Systemu e-Faktur (API v2).</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="29"/>
        <source>Qt is used under the LGPL v3; its libraries can be replaced in the installed folder.</source>
        <translation>Qt jest używane na licencji LGPL v3; jego biblioteki można podmienić w folderze instalacji.</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="30"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="31"/>
        <source>Secrets are kept in: %1</source>
        <translation>Dane logowania przechowywane w: %1</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="32"/>
        <source>Open-source components inside</source>
        <translation>Zawarte komponenty open source</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="33"/>
        <source>Component</source>
        <translation>Komponent</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="33"/>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="33"/>
        <source>Licence</source>
        <translation>Licencja</translation>
    </message>
</context>
<context>
    <name>ArchivesDialog</name>
    <message>
        <location filename="../../ui/archives_dialog.py" line="40"/>
        <source>Archives of other environments</source>
        <translation>Archiwa innych środowisk</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="45"/>
        <source>When a company switches to another KSeF environment, what was stored for the old one stays here. Nothing in an archive is sent or received any more.</source>
        <translation>Gdy firma przechodzi do innego środowiska KSeF, to, co zapisano dla poprzedniego, zostaje tutaj. Z archiwum nic już nie jest wysyłane ani odbierane.</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="52"/>
        <source>Archives</source>
        <translation>Archiwa</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="59"/>
        <source>Export…</source>
        <translation>Eksportuj…</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="61"/>
        <source>Delete archive…</source>
        <translation>Usuń archiwum…</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="84"/>
        <source>No archives: every company works in the environment it was added in.</source>
        <translation>Brak archiwów: każda firma pracuje w środowisku, w którym ją dodano.</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="96"/>
        <source>nothing</source>
        <translation>nic</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="97"/>
        <source>This archive holds:</source>
        <translation>To archiwum zawiera:</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="106"/>
        <source>Exported to %1.</source>
        <translation>Wyeksportowano do: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="116"/>
        <source>Delete this archive from this computer? This cannot be undone.</source>
        <translation>Usunąć to archiwum z tego komputera? Tego nie da się cofnąć.</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="120"/>
        <source>Export it first if you may need these files.</source>
        <translation>Jeśli te pliki mogą się przydać, najpierw je wyeksportuj.</translation>
    </message>
    <message>
        <location filename="../../ui/archives_dialog.py" line="122"/>
        <source>Delete archive</source>
        <translation>Usuń archiwum</translation>
    </message>
</context>
<context>
    <name>AuthWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="801"/>
        <source>Switch %1 to another KSeF environment</source>
        <translation>Przenieś %1 do innego środowiska KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="804"/>
        <source>Authorize a company with KSeF</source>
        <translation>Logowanie firmy do KSeF</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../ui/setup_2027.py" line="271"/>
        <source>Save a backup of the keys</source>
        <translation>Zapisz kopię zapasową kluczy</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="276"/>
        <source>The keys of the new certificates are only on this computer. If it breaks or is replaced, a backup spares you a new signature: KSeF Desk saves one .p12 file per certificate, locked with a passphrase you choose. Keep the files and the passphrase in a safe place, away from this computer (for example on a USB stick).</source>
        <translation>Klucze nowych certyfikatów są tylko na tym komputerze. Jeśli się zepsuje albo zostanie wymieniony, kopia zapasowa oszczędzi Ci nowego podpisu: KSeF Desk zapisze jeden plik .p12 na każdy certyfikat, zabezpieczony wybranym przez Ciebie hasłem. Przechowuj pliki i hasło w bezpiecznym miejscu, poza tym komputerem (na przykład na pendrivie).</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="283"/>
        <source>Save the backup…</source>
        <translation>Zapisz kopię…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="286"/>
        <source>Not now? You can save it later on the “Ready for 2027” page.</source>
        <translation>Nie teraz? Możesz ją zapisać później na karcie „Gotowość na 2027”.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="302"/>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="46"/>
        <source>Check all companies</source>
        <translation>Sprawdź wszystkie firmy</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="47"/>
        <source>Receive invoices for all companies</source>
        <translation>Odbierz faktury wszystkich firm</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="48"/>
        <source>Export last month for all companies</source>
        <translation>Eksport poprzedniego miesiąca wszystkich firm</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="51"/>
        <source>Starting…</source>
        <translation>Rozpoczynanie…</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="57"/>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="59"/>
        <source>Results per company</source>
        <translation>Wyniki dla każdej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="60"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="90"/>
        <source>All companies up to date by about %1</source>
        <translation>Wszystkie firmy będą aktualne około %1</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="96"/>
        <source>(KSeF's limits hold back %1 of them)</source>
        <translation>(limity KSeF wstrzymują %1 z nich)</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="104"/>
        <source>Stopping after the current company…</source>
        <translation>Zatrzymywanie po bieżącej firmie…</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="112"/>
        <source>%1 of %2 done · now: %3</source>
        <translation>Gotowe: %1 z %2 · teraz: %3</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="130"/>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="132"/>
        <source>Done: %1 of %2 companies, %3 need attention.</source>
        <translation>Gotowe: %1 z %2 firm, wymaga uwagi: %3.</translation>
    </message>
    <message>
        <location filename="../../ui/bulk_dialog.py" line="134"/>
        <source>Cancelled: %1 of %2 companies were done, %3 need attention.</source>
        <translation>Anulowano: wykonano %1 z %2 firm, wymaga uwagi: %3.</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="578"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="584"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="585"/>
        <source>Key file (PEM, optional)</source>
        <translation>Plik klucza (PEM, opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="586"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="588"/>
        <source>Certificate (.p12, .pfx, .pem):</source>
        <translation>Certyfikat (.p12, .pfx, .pem):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="589"/>
        <source>Key (PEM, if separate):</source>
        <translation>Klucz (PEM, jeśli osobno):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="593"/>
        <source>Browse…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="597"/>
        <source>Password:</source>
        <translation>Hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="598"/>
        <source>The password is used only now and is not stored.</source>
        <translation>Hasło jest używane tylko teraz i nie jest zapisywane.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="608"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="608"/>
        <source>Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)</source>
        <translation>Certyfikaty (*.p12 *.pfx *.pem *.crt *.key);;Wszystkie pliki (*)</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="262"/>
        <source>Which company?</source>
        <translation>Która firma?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="266"/>
        <source>Company NIP</source>
        <translation>NIP firmy</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="270"/>
        <source>Company name (optional)</source>
        <translation>Nazwa firmy (opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="273"/>
        <source>NIP:</source>
        <translation>NIP:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="275"/>
        <source>Name (optional):</source>
        <translation>Nazwa (opcjonalnie):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="294"/>
        <source>Correct NIP</source>
        <translation>Poprawny NIP</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/company_model.py" line="70"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="71"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="72"/>
        <source>Environment</source>
        <translation>Środowisko</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="73"/>
        <source>Login method</source>
        <translation>Logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="74"/>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="75"/>
        <source>Login valid for</source>
        <translation>Ważne jeszcze</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="76"/>
        <source>Last sync</source>
        <translation>Synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="77"/>
        <source>Next sync</source>
        <translation>Następna synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="80"/>
        <source>Not authorized</source>
        <translation>Niezalogowana</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="81"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="82"/>
        <source>Re-authorization needed</source>
        <translation>Wymaga ponownego logowania</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="83"/>
        <source>KSeF unavailable</source>
        <translation>KSeF niedostępny</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="85"/>
        <source>expired</source>
        <translation>wygasło</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="87"/>
        <source>Qualified signature</source>
        <translation>Podpis kwalifikowany</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="88"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="89"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="90"/>
        <source>KSeF certificate (automatic)</source>
        <translation>Certyfikat KSeF (automatycznie)</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="94"/>
        <source>per second</source>
        <translation>na sekundę</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="95"/>
        <source>per minute</source>
        <translation>na minutę</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="96"/>
        <source>per hour</source>
        <translation>na godzinę</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="97"/>
        <source>a pause KSeF asked for</source>
        <translation>przerwa, o którą poprosił KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="126"/>
        <source>syncing now</source>
        <translation>trwa synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="132"/>
        <source>No automatic sync planned</source>
        <translation>Brak zaplanowanej automatycznej synchronizacji</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="134"/>
        <source>Next sync: %1 · up to date by about %2</source>
        <translation>Następna synchronizacja: %1 · aktualne około %2</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="139"/>
        <source>KSeF's limit %1 (%2) holds it back</source>
        <translation>Wstrzymuje ją limit KSeF %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="142"/>
        <source>It waits for other companies' syncs to finish</source>
        <translation>Czeka, aż skończą się synchronizacje innych firm</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="151"/>
        <source>All companies up to date by about %1</source>
        <translation>Wszystkie firmy będą aktualne około %1</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="153"/>
        <source>(%1 without automatic sync)</source>
        <translation>(%1 bez automatycznej synchronizacji)</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="213"/>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="218"/>
        <source>Renews automatically with the stored KSeF token</source>
        <translation>Odnawia się samo zapamiętanym tokenem KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="230"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ContractorBook</name>
    <message>
        <location filename="../../ui/contractor_book.py" line="367"/>
        <source>Contractors and products</source>
        <translation>Kontrahenci i produkty</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="371"/>
        <source>Contractors</source>
        <translation>Kontrahenci</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="372"/>
        <source>Products and services</source>
        <translation>Towary i usługi</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="373"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
</context>
<context>
    <name>ContractorsTab</name>
    <message>
        <location filename="../../ui/contractor_book.py" line="71"/>
        <source>Search: name or NIP</source>
        <translation>Szukaj: nazwa lub NIP</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="72"/>
        <source>Search contractors</source>
        <translation>Szukaj kontrahentów</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="75"/>
        <source>Clear the search</source>
        <translation>Wyczyść wyszukiwanie</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="78"/>
        <location filename="../../ui/contractor_book.py" line="100"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="95"/>
        <source>NIP or tax number</source>
        <translation>NIP lub numer podatkowy</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="78"/>
        <location filename="../../ui/contractor_book.py" line="102"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="78"/>
        <source>NIP / tax no.</source>
        <translation>NIP / nr podatkowy</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="79"/>
        <source>Contractors</source>
        <translation>Kontrahenci</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="80"/>
        <source>Select all</source>
        <translation>Zaznacz wszystko</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="86"/>
        <source>Polish company (NIP)</source>
        <translation>Firma polska (NIP)</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="87"/>
        <source>EU company (VAT-UE number)</source>
        <translation>Firma z UE (numer VAT-UE)</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="88"/>
        <source>Foreign company (other tax number)</source>
        <translation>Firma zagraniczna (inny numer podatkowy)</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="89"/>
        <source>Consumer (no tax number)</source>
        <translation>Konsument (bez numeru podatkowego)</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="92"/>
        <source>Identified by</source>
        <translation>Identyfikacja</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="104"/>
        <source>Address, line 2</source>
        <translation>Adres, wiersz 2</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="107"/>
        <source>Country code</source>
        <translation>Kod kraju</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="108"/>
        <source>New</source>
        <translation>Nowy</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="110"/>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="112"/>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="114"/>
        <source>Fill from the White List</source>
        <translation>Uzupełnij z Białej listy</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="165"/>
        <source>NIP: %1</source>
        <translation>NIP: %1</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="191"/>
        <source>Enter the name.</source>
        <translation>Podaj nazwę.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="196"/>
        <source>Saved.</source>
        <translation>Zapisano.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="204"/>
        <source>Delete contractor</source>
        <translation>Usuń kontrahenta</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="204"/>
        <source>Delete %1 from the book?</source>
        <translation>Usunąć %1 z książki kontrahentów?</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="215"/>
        <source>Type a valid NIP first.</source>
        <translation>Najpierw wpisz poprawny NIP.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="218"/>
        <source>Asking the VAT White List…</source>
        <translation>Pytam Białą listę podatników VAT…</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="227"/>
        <source>This NIP is not on the VAT White List: type the buyer's data.</source>
        <translation>Tego NIP-u nie ma na Białej liście podatników VAT: wpisz dane nabywcy.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="232"/>
        <source>Filled from the VAT White List.</source>
        <translation>Uzupełniono z Białej listy podatników VAT.</translation>
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
        <location filename="../../ui/wizard.py" line="311"/>
        <source>Get a new file to sign</source>
        <translation>Pobierz nowy plik do podpisu</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="56"/>
        <source>Credentials – %1</source>
        <translation>Poświadczenia – %1</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="63"/>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="63"/>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="63"/>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="63"/>
        <source>Valid until</source>
        <translation>Ważne do</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="63"/>
        <source>Days left</source>
        <translation>Zostało dni</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="73"/>
        <source>Credentials held by the app</source>
        <translation>Poświadczenia przechowywane przez aplikację</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="77"/>
        <source>A KSeF login certificate lets KSeF Desk log in again by itself when the login ends, without your signature card. An offline certificate signs KOD II on invoices issued while KSeF is down. Both can be requested right after a login with the qualified signature.</source>
        <translation>Certyfikat KSeF do logowania pozwala KSeF Desk samodzielnie logować się ponownie, gdy logowanie wygaśnie — bez karty z podpisem. Certyfikat offline podpisuje KOD II na fakturach wystawionych, gdy KSeF nie działa. O oba można poprosić zaraz po zalogowaniu podpisem kwalifikowanym.</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="83"/>
        <source>Request login certificate</source>
        <translation>Poproś o certyfikat do logowania</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="85"/>
        <source>Request offline certificate</source>
        <translation>Poproś o certyfikat offline</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="87"/>
        <source>Revoke selected certificate</source>
        <translation>Unieważnij zaznaczony certyfikat</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="89"/>
        <source>Back up (.p12)…</source>
        <translation>Kopia zapasowa (.p12)…</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="90"/>
        <source>The selected certificate with its key, protected by a passphrase</source>
        <translation>Zaznaczony certyfikat z kluczem, chroniony hasłem</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="92"/>
        <source>Check in KSeF</source>
        <translation>Sprawdź w KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="123"/>
        <source>KSeF certificate</source>
        <translation>Certyfikat KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="124"/>
        <source>KSeF token (until 31 Dec 2026)</source>
        <translation>Token KSeF (do 31.12.2026)</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="125"/>
        <source>Signature certificate last used</source>
        <translation>Ostatnio użyty certyfikat podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="128"/>
        <source>active</source>
        <translation>aktywny</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="129"/>
        <source>revoked</source>
        <translation>unieważniony</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="130"/>
        <source>expired</source>
        <translation>wygasły</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="131"/>
        <source>blocked</source>
        <translation>zablokowany</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="137"/>
        <source>serial number %1</source>
        <translation>numer seryjny %1</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="139"/>
        <source>permissions: %1</source>
        <translation>uprawnienia: %1</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="141"/>
        <source>logs in by itself</source>
        <translation>loguje samodzielnie</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="141"/>
        <source>signs KOD II</source>
        <translation>podpisuje KOD II</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="145"/>
        <source>login</source>
        <translation>logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="145"/>
        <source>offline invoices</source>
        <translation>faktury offline</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="183"/>
        <source>KSeF issues certificates only after a login with a signature or a certificate: authorize the company that way first (Company ▸ Authorize again…).</source>
        <translation>KSeF wydaje certyfikaty tylko po zalogowaniu podpisem albo certyfikatem: najpierw zaloguj firmę w ten sposób (Firma ▸ Zaloguj ponownie…).</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="188"/>
        <source>The company is not logged in to KSeF now.</source>
        <translation>Firma nie jest teraz zalogowana w KSeF.</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="192"/>
        <source>Working with KSeF…</source>
        <translation>Trwa komunikacja z KSeF…</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="209"/>
        <source>Checked in KSeF at %1: %2 active KSeF certificates, %3 KSeF tokens.</source>
        <translation>Sprawdzono w KSeF o %1: aktywne certyfikaty KSeF: %2, tokeny KSeF: %3.</translation>
    </message>
    <message>
        <location filename="../../ui/credentials_dialog.py" line="238"/>
        <source>Save the backup</source>
        <translation>Zapisz kopię zapasową</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ui/dialogs.py" line="34"/>
        <source>KSeF Desk – problem</source>
        <translation>KSeF Desk – problem</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="47"/>
        <source>Passphrase for the backup (at least 8 characters). Without it the backup cannot be opened: keep it.</source>
        <translation>Hasło kopii zapasowej (co najmniej 8 znaków). Bez niego kopii nie da się otworzyć — zapisz je.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="121"/>
        <source>Print invoices</source>
        <translation>Drukuj faktury</translation>
    </message>
</context>
<context>
    <name>DownloadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="326"/>
        <source>Download the file to sign</source>
        <translation>Pobierz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="331"/>
        <source>1. Download the file and save it where your signing software can open it.&lt;br&gt;2. Sign it with your qualified signature in the &lt;b&gt;XAdES&lt;/b&gt; format, as an &lt;b&gt;enveloped&lt;/b&gt; (internal) signature, not a detached one or a PDF.&lt;br&gt;3. Upload the signed file on the next page before the time runs out.</source>
        <translation>1. Pobierz plik i zapisz go tam, gdzie otworzy go program do podpisu.&lt;br&gt;2. Podpisz go podpisem kwalifikowanym w formacie &lt;b&gt;XAdES&lt;/b&gt; jako podpis &lt;b&gt;otaczany&lt;/b&gt; (wewnętrzny), nie zewnętrzny ani PDF.&lt;br&gt;3. Prześlij podpisany plik na następnej stronie, zanim minie czas.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="338"/>
        <source>Signing software from: %1</source>
        <translation>Programy do podpisu: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="341"/>
        <source>&lt;b&gt;Only podpis zaufany (trusted profile)?&lt;/b&gt; Sign the downloaded file on gov.pl: “Podpisz dokument elektronicznie” → add the file → sign with the trusted profile → download the signed XML and upload it here. Or create a KSeF token or certificate in the Ministry's KSeF app (ksef.podatki.gov.pl) and log in with it here instead.</source>
        <translation>&lt;b&gt;Masz tylko podpis zaufany (profil zaufany)?&lt;/b&gt; Podpisz pobrany plik na gov.pl: „Podpisz dokument elektronicznie” → dodaj plik → podpisz profilem zaufanym → pobierz podpisany plik XML i prześlij go tutaj. Możesz też utworzyć token albo certyfikat KSeF w aplikacji Ministerstwa (ksef.podatki.gov.pl) i zalogować się nim tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="349"/>
        <source>Which options to choose in my signing program?</source>
        <translation>Jakie opcje wybrać w moim programie do podpisu?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="352"/>
        <source>Download the file to sign…</source>
        <translation>Pobierz plik do podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="378"/>
        <source>Save the file to sign</source>
        <translation>Zapisz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="378"/>
        <source>XML (*.xml)</source>
        <translation>XML (*.xml)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="387"/>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <location filename="../../ui/invoice_form.py" line="1390"/>
        <source>Drafts</source>
        <translation>Wersje robocze</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1392"/>
        <source>Saved drafts</source>
        <translation>Zapisane wersje robocze</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1394"/>
        <source>Open</source>
        <translation>Otwórz</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1396"/>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1398"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1400"/>
        <source>No saved drafts.</source>
        <translation>Brak zapisanych wersji roboczych.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1420"/>
        <source>VAT invoice</source>
        <translation>Faktura VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1421"/>
        <source>Correction</source>
        <translation>Korekta</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1422"/>
        <source>Advance invoice</source>
        <translation>Zaliczka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1423"/>
        <source>Settlement of an advance</source>
        <translation>Rozliczenie zaliczki</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1425"/>
        <source>no buyer yet</source>
        <translation>jeszcze bez nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1438"/>
        <source>%1 (saved %2)</source>
        <translation>%1 (zapisano %2)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1462"/>
        <source>Delete draft</source>
        <translation>Usuń wersję roboczą</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1462"/>
        <source>Delete the selected draft?</source>
        <translation>Usunąć zaznaczoną wersję roboczą?</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="186"/>
        <source>Which KSeF environment?</source>
        <translation>Które środowisko KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="191"/>
        <source>Local sandbox</source>
        <translation>Lokalna piaskownica</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="192"/>
        <source>Try everything on this computer, without a KSeF account. Nothing is sent to the Ministry.</source>
        <translation>Wypróbuj wszystko na tym komputerze, bez konta w KSeF. Nic nie trafia do Ministerstwa.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="195"/>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="197"/>
        <source>The Ministry's test environment; accepts self-signed certificates. Never use real data there.</source>
        <translation>Środowisko testowe Ministerstwa; przyjmuje certyfikaty samodzielnie wystawione. Nigdy nie używaj tam prawdziwych danych.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="201"/>
        <source>DEMO (pre-production)</source>
        <translation>DEMO (przedprodukcyjne)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="202"/>
        <source>Final checks on a copy of production, with real signatures.</source>
        <translation>Ostatnie sprawdzenie na kopii produkcji, z prawdziwymi podpisami.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="204"/>
        <source>PRODUCTION</source>
        <translation>PRODUKCJA</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="204"/>
        <source>Legally binding invoices.</source>
        <translation>Faktury wiążące prawnie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="224"/>
        <source>&lt;b&gt;Production is irreversible.&lt;/b&gt; The first invoice sent to KSeF obliges the company to send all later invoices through KSeF, and sent invoices can never be deleted, only corrected.</source>
        <translation>&lt;b&gt;Produkcja jest nieodwracalna.&lt;/b&gt; Pierwsza faktura wysłana do KSeF zobowiązuje firmę do wysyłania przez KSeF wszystkich kolejnych faktur, a wysłanych faktur nie można usunąć, tylko skorygować.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="231"/>
        <source>I understand and want to use PRODUCTION</source>
        <translation>Rozumiem i chcę użyć PRODUKCJI</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="212"/>
        <source>in use now</source>
        <translation>używane teraz</translation>
    </message>
</context>
<context>
    <name>Glossary</name>
    <message>
        <location filename="../../ui/glossary.py" line="13"/>
        <source>XAdES, enveloped (“otaczany”)</source>
        <translation>XAdES otaczany (wewnętrzny)</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="14"/>
        <source>The kind of electronic signature KSeF accepts: the signature is stored inside the signed XML file. In signing programs choose XAdES and “enveloped” / “wewnętrzny”, never “detached” / “zewnętrzny”.</source>
        <translation>Rodzaj podpisu elektronicznego, który przyjmuje KSeF: podpis jest zapisany wewnątrz podpisanego pliku XML. W programie do podpisu wybierz XAdES i „otaczany” / „wewnętrzny”, nigdy „zewnętrzny”.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="21"/>
        <source>UPO</source>
        <translation>UPO</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="22"/>
        <source>The official receipt KSeF issues for every invoice it accepted: proof of when and how it was sent. Keep it with the invoice.</source>
        <translation>Urzędowe poświadczenie odbioru, które KSeF wydaje dla każdej przyjętej faktury: dowód, kiedy i jak ją wysłano. Przechowuj je razem z fakturą.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="29"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="30"/>
        <source>The number KSeF gives each accepted invoice. From 2027 a buyer quotes it in the bank transfer title.</source>
        <translation>Numer, który KSeF nadaje każdej przyjętej fakturze. Od 2027 r. nabywca podaje go w tytule przelewu.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="36"/>
        <source>KOD I / KOD II</source>
        <translation>KOD I / KOD II</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="37"/>
        <source>QR codes on a printed invoice. KOD I lets anyone check the invoice in KSeF; KOD II, on invoices issued offline, proves who issued it (signed with the company's Offline certificate).</source>
        <translation>Kody QR na wydruku faktury. KOD I pozwala każdemu sprawdzić fakturę w KSeF; KOD II, na fakturach wystawionych offline, potwierdza, kto ją wystawił (podpisany certyfikatem Offline firmy).</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="44"/>
        <source>offline24</source>
        <translation>offline24</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="45"/>
        <source>Issuing an invoice outside KSeF (on paper or as a file) and sending it to KSeF by the end of the next business day.</source>
        <translation>Wystawienie faktury poza KSeF (na papierze lub jako plik) i wysłanie jej do KSeF najpóźniej następnego dnia roboczego.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="52"/>
        <source>KSeF certificate</source>
        <translation>Certyfikat KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="53"/>
        <source>A certificate KSeF itself issues to the company after a signature login. KSeF Desk keeps its key safely and logs in again with it without your card.</source>
        <translation>Certyfikat, który KSeF wydaje firmie po logowaniu podpisem. KSeF Desk bezpiecznie przechowuje jego klucz i loguje się nim ponownie bez Twojej karty.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="60"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="61"/>
        <source>A password-like key created in KSeF for automatic logins; its legal basis ends on 31.12.2026.</source>
        <translation>Klucz podobny do hasła, tworzony w KSeF do automatycznego logowania; jego podstawa prawna kończy się 31.12.2026.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="67"/>
        <source>PKCS#11</source>
        <translation>PKCS#11</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="68"/>
        <source>The standard way programs talk to a signature card and its reader; the card vendor's driver provides it.</source>
        <translation>Standardowy sposób, w jaki programy rozmawiają z kartą do podpisu i czytnikiem; zapewnia go sterownik dostawcy karty.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="75"/>
        <source>.p12 / .pfx file</source>
        <translation>Plik .p12 / .pfx</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="76"/>
        <source>A file holding a certificate together with its private key, protected by a password.</source>
        <translation>Plik zawierający certyfikat razem z kluczem prywatnym, chroniony hasłem.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="81"/>
        <source>Hourly download budget</source>
        <translation>Godzinowy limit pobrań</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="82"/>
        <source>KSeF limits how many requests a company may make per hour. KSeF Desk spreads its downloads so the limit is never hit.</source>
        <translation>KSeF ogranicza liczbę zapytań firmy na godzinę. KSeF Desk rozkłada pobieranie tak, by nigdy nie przekroczyć limitu.</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="89"/>
        <source>Podpis zaufany (trusted profile)</source>
        <translation>Podpis zaufany (profil zaufany)</translation>
    </message>
    <message>
        <location filename="../../ui/glossary.py" line="90"/>
        <source>A free signature from gov.pl. Sign the downloaded file on gov.pl (“Podpisz dokument”, XAdES) and upload it here, or create a KSeF token or certificate in the Ministry's KSeF app and use that.</source>
        <translation>Bezpłatny podpis z gov.pl. Podpisz pobrany plik na gov.pl („Podpisz dokument”, XAdES) i prześlij go tutaj albo utwórz token lub certyfikat KSeF w aplikacji Ministerstwa i użyj go tutaj.</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <location filename="../../ui/glossary.py" line="107"/>
        <location filename="../../ui/glossary.py" line="111"/>
        <source>What do these words mean?</source>
        <translation>Co znaczą te słowa?</translation>
    </message>
</context>
<context>
    <name>GrantOfficeDialog</name>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="44"/>
        <source>Grant to an accounting office – %1</source>
        <translation>Uprawnienia dla biura rachunkowego – %1</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="49"/>
        <source>%1 (NIP %2) can let its accounting office work in its KSeF: the office then logs in with its own certificate and receives or sends this company's invoices. You can take it back at any time.</source>
        <translation>%1 (NIP %2) może pozwolić swojemu biuru rachunkowemu pracować w swoim KSeF: biuro loguje się wtedy własnym certyfikatem i odbiera lub wysyła faktury tej firmy. W każdej chwili możesz to cofnąć.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="62"/>
        <source>⚠ This company logs in with the certificate of the office %1, so it cannot grant from here. The client grants in its own copy of KSeF Desk or in KSeF's web app.</source>
        <translation>⚠ Ta firma loguje się certyfikatem biura %1, więc nie może stąd nadawać uprawnień. Klient nadaje je we własnym KSeF Desk albo w Aplikacji Podatnika KSeF.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="70"/>
        <source>10 digits</source>
        <translation>10 cyfr</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="71"/>
        <source>NIP of the office</source>
        <translation>NIP biura</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="76"/>
        <source>as in the register (KSeF keeps it with the grant)</source>
        <translation>jak w rejestrze (KSeF zapisuje ją przy uprawnieniu)</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="77"/>
        <source>Name of the office</source>
        <translation>Nazwa biura</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="82"/>
        <source>NIP of the office:</source>
        <translation>NIP biura:</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="84"/>
        <source>Name of the office:</source>
        <translation>Nazwa biura:</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="85"/>
        <source>The office may:</source>
        <translation>Biuro może:</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="88"/>
        <source>Grant</source>
        <translation>Nadaj</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="96"/>
        <source>What this office holds now:</source>
        <translation>Co to biuro ma teraz:</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="98"/>
        <source>What this office holds now</source>
        <translation>Co to biuro ma teraz</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="99"/>
        <source>Revoke everything…</source>
        <translation>Odbierz wszystko…</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="100"/>
        <source>Takes back every permission this company gave the office</source>
        <translation>Odbiera biuru wszystkie uprawnienia nadane przez tę firmę</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="167"/>
        <source>Asking KSeF…</source>
        <translation>Pytam KSeF…</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="179"/>
        <source>Granting in KSeF… this takes a few seconds.</source>
        <translation>Nadawanie w KSeF… to potrwa kilka sekund.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="188"/>
        <source>Revoke the office's permissions?</source>
        <translation>Odebrać uprawnienia biura?</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="190"/>
        <source>The office with NIP %1 will no longer be able to log in to this company's KSeF. You can grant again at any time.</source>
        <translation>Biuro o NIP %1 nie będzie już mogło logować się do KSeF tej firmy. W każdej chwili możesz nadać je ponownie.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="199"/>
        <source>Revoking in KSeF… this takes a few seconds.</source>
        <translation>Odbieranie w KSeF… to potrwa kilka sekund.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="210"/>
        <source>✔ Granted. The office can now log in to this company's KSeF.</source>
        <translation>✔ Nadano. Biuro może teraz logować się do KSeF tej firmy.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="216"/>
        <source>✔ Revoked: %1 permissions taken back.</source>
        <translation>✔ Odebrano uprawnienia: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="238"/>
        <source>since %1</source>
        <translation>od %1</translation>
    </message>
    <message>
        <location filename="../../ui/grant_office_dialog.py" line="241"/>
        <source>— nothing: this office holds no permissions of this company</source>
        <translation>— nic: to biuro nie ma żadnych uprawnień tej firmy</translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <location filename="../../ui/invoice_form.py" line="216"/>
        <location filename="../../ui/invoice_form.py" line="314"/>
        <source>Invoice</source>
        <translation>Faktura</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="265"/>
        <source>Select all</source>
        <translation>Zaznacz wszystko</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="318"/>
        <source>VAT invoice</source>
        <translation>Faktura VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="319"/>
        <source>Correction</source>
        <translation>Korekta</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="320"/>
        <source>Advance invoice</source>
        <translation>Zaliczka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="321"/>
        <source>Settlement of an advance</source>
        <translation>Rozliczenie zaliczki</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="325"/>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="328"/>
        <source>Leave it empty: the next number of the series is taken when the invoice is issued.</source>
        <translation>Zostaw puste: przy wystawieniu faktura dostanie kolejny numer z serii.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="330"/>
        <source>Number</source>
        <translation>Numer</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="332"/>
        <source>Issue date</source>
        <translation>Data wystawienia</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="334"/>
        <source>Sale date (if different)</source>
        <translation>Data sprzedaży (jeśli inna)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="336"/>
        <source>Place of issue</source>
        <translation>Miejsce wystawienia</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="340"/>
        <source>Seller</source>
        <translation>Sprzedawca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="343"/>
        <source>Seller name</source>
        <translation>Nazwa sprzedawcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="346"/>
        <source>Seller NIP</source>
        <translation>NIP sprzedawcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="347"/>
        <location filename="../../ui/invoice_form.py" line="401"/>
        <source>street and number</source>
        <translation>ulica i numer</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="348"/>
        <source>Seller address</source>
        <translation>Adres sprzedawcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="349"/>
        <location filename="../../ui/invoice_form.py" line="403"/>
        <source>postcode and town</source>
        <translation>kod pocztowy i miejscowość</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="350"/>
        <source>Seller address, line 2</source>
        <translation>Adres sprzedawcy, wiersz 2</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="351"/>
        <source>Save as default for new invoices</source>
        <translation>Zapisz jako domyślne dla nowych faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="353"/>
        <source>The address, account, place and payment terms every new invoice starts with</source>
        <translation>Adres, konto, miejsce wystawienia i warunki płatności, od których zaczyna się każda nowa faktura</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="364"/>
        <source>Buyer</source>
        <translation>Nabywca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="369"/>
        <source>Polish company (NIP)</source>
        <translation>Firma polska (NIP)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="370"/>
        <source>EU company (VAT-UE number)</source>
        <translation>Firma z UE (numer VAT-UE)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="371"/>
        <source>Foreign company (other tax number)</source>
        <translation>Firma zagraniczna (inny numer podatkowy)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="372"/>
        <source>Consumer (no tax number)</source>
        <translation>Konsument (bez numeru podatkowego)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="376"/>
        <source>Buyer identified by</source>
        <translation>Identyfikacja nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="379"/>
        <location filename="../../ui/invoice_form.py" line="389"/>
        <source>Fill from the White List</source>
        <translation>Uzupełnij z Białej listy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="380"/>
        <source>The buyer's name and address as the Ministry's VAT White List shows</source>
        <translation>Nazwa i adres nabywcy według Białej listy podatników VAT Ministerstwa Finansów</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="387"/>
        <location filename="../../ui/invoice_form.py" line="388"/>
        <source>Buyer NIP or tax number</source>
        <translation>NIP lub numer podatkowy nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="395"/>
        <source>e.g. DE</source>
        <translation>np. DE</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="397"/>
        <source>Buyer country code</source>
        <translation>Kod kraju nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="398"/>
        <source>type a name or NIP to pick a known buyer</source>
        <translation>wpisz nazwę lub NIP, aby wybrać znanego nabywcę</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="400"/>
        <source>Buyer name</source>
        <translation>Nazwa nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="402"/>
        <source>Buyer address</source>
        <translation>Adres nabywcy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="404"/>
        <source>Buyer address, line 2</source>
        <translation>Adres nabywcy, wiersz 2</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="414"/>
        <source>The invoice being corrected</source>
        <translation>Faktura korygowana</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="420"/>
        <source>Its number</source>
        <translation>Jej numer</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="422"/>
        <source>Its issue date</source>
        <translation>Jej data wystawienia</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="423"/>
        <source>empty if it was issued outside KSeF</source>
        <translation>puste, jeśli wystawiono ją poza KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="424"/>
        <location filename="../../ui/invoice_form.py" line="522"/>
        <source>Its KSeF number</source>
        <translation>Jej numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="425"/>
        <source>e.g. a wrong price, a returned item</source>
        <translation>np. błędna cena, zwrot towaru</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="426"/>
        <source>Reason for the correction</source>
        <translation>Przyczyna korekty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="429"/>
        <source>Takes effect on the corrected invoice's date</source>
        <translation>Skutek w dacie faktury korygowanej</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="430"/>
        <source>Takes effect on the correction's date</source>
        <translation>Skutek w dacie wystawienia korekty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="431"/>
        <source>Takes effect on another date</source>
        <translation>Skutek w innej dacie</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="435"/>
        <source>Correction type</source>
        <translation>Typ korekty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="439"/>
        <source>Lines before the correction (as on the corrected invoice):</source>
        <translation>Wiersze przed korektą (jak na fakturze korygowanej):</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="440"/>
        <location filename="../../ui/invoice_form.py" line="457"/>
        <source>Lines before the correction</source>
        <translation>Wiersze przed korektą</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="443"/>
        <location filename="../../ui/invoice_form.py" line="480"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="444"/>
        <location filename="../../ui/invoice_form.py" line="481"/>
        <source>Quantity</source>
        <translation>Ilość</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="445"/>
        <location filename="../../ui/invoice_form.py" line="482"/>
        <source>Unit</source>
        <translation>Jednostka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="446"/>
        <location filename="../../ui/invoice_form.py" line="483"/>
        <source>Unit price</source>
        <translation>Cena jednostkowa</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="447"/>
        <location filename="../../ui/invoice_form.py" line="484"/>
        <location filename="../../ui/invoice_form.py" line="609"/>
        <source>VAT rate</source>
        <translation>Stawka VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="448"/>
        <location filename="../../ui/invoice_form.py" line="485"/>
        <source>Discount %</source>
        <translation>Rabat %</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="449"/>
        <location filename="../../ui/invoice_form.py" line="486"/>
        <source>Value</source>
        <translation>Wartość</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="468"/>
        <source>Goods and services</source>
        <translation>Towary i usługi</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="471"/>
        <source>Prices include VAT (gross)</source>
        <translation>Ceny zawierają VAT (brutto)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="472"/>
        <source>Off: you type net prices and VAT is added. On: VAT is inside them.</source>
        <translation>Wyłączone: wpisujesz ceny netto, a VAT jest doliczany. Włączone: VAT jest w cenie.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="475"/>
        <source>Lines after the correction (edit what changes):</source>
        <translation>Wiersze po korekcie (popraw to, co się zmienia):</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="496"/>
        <source>Add line</source>
        <translation>Dodaj wiersz</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="497"/>
        <source>Or press Enter in the last line</source>
        <translation>Albo naciśnij Enter w ostatnim wierszu</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="506"/>
        <source>Advance payment</source>
        <translation>Zaliczka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="511"/>
        <source>The gross amount received; the lines above are the whole order it is an advance on</source>
        <translation>Otrzymana kwota brutto; wiersze powyżej to całe zamówienie, na poczet którego wpłynęła zaliczka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="513"/>
        <source>Advance received (gross)</source>
        <translation>Otrzymana zaliczka (brutto)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="517"/>
        <location filename="../../ui/invoice_form.py" line="520"/>
        <location filename="../../ui/invoice_form.py" line="526"/>
        <source>Advances this invoice settles</source>
        <translation>Zaliczki rozliczane tą fakturą</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="522"/>
        <source>Advance invoice number</source>
        <translation>Numer faktury zaliczkowej</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="522"/>
        <source>Amount received (gross)</source>
        <translation>Otrzymana kwota (brutto)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="536"/>
        <source>Add an advance</source>
        <translation>Dodaj zaliczkę</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="538"/>
        <source>Remove the selected advance</source>
        <translation>Usuń zaznaczoną zaliczkę</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="548"/>
        <source>Payment</source>
        <translation>Płatność</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="551"/>
        <source>not stated</source>
        <translation>nie podano</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="553"/>
        <source>Bank transfer</source>
        <translation>Przelew</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="554"/>
        <source>Cash</source>
        <translation>Gotówka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="555"/>
        <source>Card</source>
        <translation>Karta</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="556"/>
        <source>Mobile payment</source>
        <translation>Płatność mobilna</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="557"/>
        <source>Voucher</source>
        <translation>Bon</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="558"/>
        <source>Cheque</source>
        <translation>Czek</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="559"/>
        <source>Credit</source>
        <translation>Kredyt</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="564"/>
        <source>Payment method</source>
        <translation>Forma płatności</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="566"/>
        <source>Due date</source>
        <translation>Termin płatności</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="567"/>
        <source>IBAN, e.g. PL61 1090 1014 0000 0712 1981 2874</source>
        <translation>IBAN, np. PL61 1090 1014 0000 0712 1981 2874</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="568"/>
        <source>Bank account</source>
        <translation>Rachunek bankowy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="570"/>
        <source>Already paid</source>
        <translation>Już zapłacono</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="572"/>
        <source>Paid on</source>
        <translation>Data zapłaty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="573"/>
        <source>Split payment (MPP)</source>
        <translation>Mechanizm podzielonej płatności (MPP)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="575"/>
        <source>Required for some goods over 15 000 zł gross: the buyer pays the VAT to a separate account</source>
        <translation>Obowiązkowy dla niektórych towarów powyżej 15 000 zł brutto: nabywca płaci VAT na osobny rachunek</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="582"/>
        <source>Currency and notes</source>
        <translation>Waluta i uwagi</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="589"/>
        <source>Currency</source>
        <translation>Waluta</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="590"/>
        <source>złoty for 1 unit, e.g. 4.2954</source>
        <translation>złotych za 1 jednostkę, np. 4,2954</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="591"/>
        <source>Exchange rate</source>
        <translation>Kurs waluty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="593"/>
        <source>Exchange rate of</source>
        <translation>Kurs z dnia</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="594"/>
        <source>e.g. art. 43 ust. 1 pkt 37 ustawy o VAT</source>
        <translation>np. art. 43 ust. 1 pkt 37 ustawy o VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="595"/>
        <source>Basis of the VAT exemption</source>
        <translation>Podstawa zwolnienia z VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="600"/>
        <source>Notes</source>
        <translation>Uwagi</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="607"/>
        <location filename="../../ui/invoice_form.py" line="616"/>
        <source>VAT summary</source>
        <translation>Podsumowanie VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="609"/>
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="609"/>
        <source>VAT</source>
        <translation>VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="609"/>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="618"/>
        <location filename="../../ui/invoice_form.py" line="620"/>
        <location filename="../../ui/invoice_form.py" line="1090"/>
        <source>Total</source>
        <translation>Razem</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="633"/>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="634"/>
        <source>The invoice as on paper, with the number it will get</source>
        <translation>Faktura jak na papierze, z numerem, który dostanie</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="636"/>
        <source>Save draft</source>
        <translation>Zapisz wersję roboczą</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="637"/>
        <source>Keep it to finish later (Ctrl+S)</source>
        <translation>Zachowaj, aby dokończyć później (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="639"/>
        <source>Issue and send</source>
        <translation>Wystaw i wyślij</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="641"/>
        <location filename="../../ui/invoice_form.py" line="1365"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="643"/>
        <source>Numbering…</source>
        <translation>Numeracja…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="644"/>
        <source>The pattern of this company's invoice numbers</source>
        <translation>Wzór numerów faktur tej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="660"/>
        <source>Line %1: name</source>
        <translation>Wiersz %1: nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="661"/>
        <source>Line %1: quantity</source>
        <translation>Wiersz %1: ilość</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="662"/>
        <source>Line %1: unit</source>
        <translation>Wiersz %1: jednostka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="663"/>
        <source>Line %1: unit price</source>
        <translation>Wiersz %1: cena jednostkowa</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="664"/>
        <source>Line %1: VAT rate</source>
        <translation>Wiersz %1: stawka VAT</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="665"/>
        <source>Line %1: discount %</source>
        <translation>Wiersz %1: rabat %</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="666"/>
        <source>Line %1: value</source>
        <translation>Wiersz %1: wartość</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="667"/>
        <source>Remove line %1</source>
        <translation>Usuń wiersz %1</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="783"/>
        <source>Type a valid NIP first.</source>
        <translation>Najpierw wpisz poprawny NIP.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="786"/>
        <source>Asking the VAT White List…</source>
        <translation>Pytam Białą listę podatników VAT…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="798"/>
        <source>This NIP is not on the VAT White List: type the buyer's data.</source>
        <translation>Tego NIP-u nie ma na Białej liście podatników VAT: wpisz dane nabywcy.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="803"/>
        <source>Filled from the VAT White List.</source>
        <translation>Uzupełniono z Białej listy podatników VAT.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1019"/>
        <source>Unit price (gross)</source>
        <translation>Cena jedn. (brutto)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1019"/>
        <source>Unit price (net)</source>
        <translation>Cena jedn. (netto)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1030"/>
        <source>Not ready to issue yet: %1</source>
        <translation>Jeszcze nie można wystawić: %1</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1032"/>
        <source>(and %1 more)</source>
        <translation>(i jeszcze %1)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1037"/>
        <source>Ready to issue.</source>
        <translation>Gotowa do wystawienia.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1039"/>
        <source>Take the number, queue the invoice and send it to KSeF</source>
        <translation>Nadaj numer, dodaj fakturę do wysyłki i wyślij ją do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1058"/>
        <source>will be %1</source>
        <translation>będzie %1</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1087"/>
        <source>Difference (to pay, or to return if negative)</source>
        <translation>Różnica (do zapłaty albo do zwrotu, gdy ujemna)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1088"/>
        <source>Advance received</source>
        <translation>Otrzymana zaliczka</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1089"/>
        <source>Left to pay after the advances</source>
        <translation>Pozostało do zapłaty po zaliczkach</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1093"/>
        <source>PLN</source>
        <translation>zł</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1101"/>
        <source>“%1” is not a number.</source>
        <translation>„%1” nie jest liczbą.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1258"/>
        <source>Saved: new invoices start with these.</source>
        <translation>Zapisano: od tych danych zacznie się każda nowa faktura.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1264"/>
        <source>Draft saved. Find it later under Outbox ▸ Drafts…</source>
        <translation>Zapisano wersję roboczą. Znajdziesz ją w Do wysłania ▸ Wersje robocze…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1317"/>
        <source>Issuing the invoice…</source>
        <translation>Wystawiam fakturę…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1363"/>
        <source>Unsaved invoice</source>
        <translation>Niezapisana faktura</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1364"/>
        <source>Save the draft?</source>
        <translation>Zapisać wersję roboczą?</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1365"/>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_form.py" line="1365"/>
        <source>Discard</source>
        <translation>Odrzuć</translation>
    </message>
</context>
<context>
    <name>InvoiceTableModel</name>
    <message>
        <location filename="../../ui/invoice_model.py" line="196"/>
        <source>Issued</source>
        <translation>Wystawiona</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="197"/>
        <source>Invoice number</source>
        <translation>Numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="198"/>
        <source>Type</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="199"/>
        <source>Seller</source>
        <translation>Sprzedawca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="200"/>
        <source>Buyer</source>
        <translation>Nabywca</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="201"/>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="203"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="204"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="202"/>
        <source>Due</source>
        <translation>Termin</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="207"/>
        <source>purchase</source>
        <translation>zakup</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="208"/>
        <source>sales</source>
        <translation>sprzedaż</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="209"/>
        <source>third party</source>
        <translation>podmiot trzeci</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="210"/>
        <source>authorized</source>
        <translation>podmiot upoważniony</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="212"/>
        <source>New: not opened yet</source>
        <translation>Nowa: jeszcze nieotwarta</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="213"/>
        <source>Overdue: the due date has passed</source>
        <translation>Po terminie: termin płatności minął</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_model.py" line="214"/>
        <source>no due date</source>
        <translation>bez terminu</translation>
    </message>
</context>
<context>
    <name>InvoicesPanel</name>
    <message>
        <location filename="../../ui/invoice_view.py" line="286"/>
        <source>Search: number, KSeF number, party or NIP</source>
        <translation>Szukaj: numer, numer KSeF, kontrahent lub NIP</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="288"/>
        <source>Search invoices</source>
        <translation>Szukaj faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="290"/>
        <location filename="../../ui/invoice_view.py" line="575"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="292"/>
        <location filename="../../ui/invoice_view.py" line="570"/>
        <source>Type</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="297"/>
        <source>All types</source>
        <translation>Wszystkie rodzaje</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="300"/>
        <source>Only new</source>
        <translation>Tylko nowe</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="301"/>
        <source>To pay</source>
        <translation>Do zapłaty</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="302"/>
        <source>Unpaid purchase invoices, the earliest due date first</source>
        <translation>Niezapłacone faktury zakupowe, od najwcześniejszego terminu płatności</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="305"/>
        <source>Issued from</source>
        <translation>Wystawione od</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="305"/>
        <source>Issued until</source>
        <translation>Wystawione do</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="318"/>
        <source>Clear filters</source>
        <translation>Wyczyść filtry</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="327"/>
        <source>Issued</source>
        <translation>Wystawiona</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="349"/>
        <location filename="../../ui/invoice_view.py" line="676"/>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="351"/>
        <source>Double-click an invoice to see it large; right-click for more</source>
        <translation>Kliknij fakturę dwukrotnie, aby zobaczyć ją w powiększeniu; prawy przycisk myszy – więcej działań</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="369"/>
        <source>Details of the selected invoice</source>
        <translation>Szczegóły wybranej faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="370"/>
        <location filename="../../ui/invoice_view.py" line="756"/>
        <source>Save XML…</source>
        <translation>Zapisz XML…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="372"/>
        <location filename="../../ui/invoice_view.py" line="759"/>
        <source>Save PDF…</source>
        <translation>Zapisz PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="373"/>
        <source>The selected invoices as one A4 PDF, with their KSeF QR codes</source>
        <translation>Zaznaczone faktury jako jeden PDF A4, z kodami QR KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="375"/>
        <location filename="../../ui/invoice_view.py" line="760"/>
        <source>Print…</source>
        <translation>Drukuj…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="377"/>
        <source>Preview…</source>
        <translation>Podgląd…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="378"/>
        <source>The invoice large, as on paper (or double-click it in the list)</source>
        <translation>Faktura w powiększeniu, jak na papierze (albo kliknij ją dwukrotnie na liście)</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="380"/>
        <source>Mark all as read</source>
        <translation>Oznacz wszystkie jako przeczytane</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="383"/>
        <source>Last action</source>
        <translation>Ostatnia czynność</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="431"/>
        <source>All companies</source>
        <translation>Wszystkie firmy</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="526"/>
        <source>%1 of %2 invoices</source>
        <translation>%1 z %2 faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="561"/>
        <source>Select an invoice to see its details.</source>
        <translation>Zaznacz fakturę, aby zobaczyć jej szczegóły.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="574"/>
        <source>Sent</source>
        <translation>Wysłana</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="574"/>
        <source>from KSeF Desk</source>
        <translation>z KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="579"/>
        <source>Loading the invoice…</source>
        <translation>Wczytuję fakturę…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="701"/>
        <source>KSeF number</source>
        <translation>numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="701"/>
        <source>invoice number</source>
        <translation>numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="702"/>
        <source>Copied %1: %2</source>
        <translation>Skopiowano %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="746"/>
        <source>Copy KSeF numbers</source>
        <translation>Kopiuj numery KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="746"/>
        <source>Copy KSeF number</source>
        <translation>Kopiuj numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="749"/>
        <source>Copy invoice numbers</source>
        <translation>Kopiuj numery faktur</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="749"/>
        <source>Copy invoice number</source>
        <translation>Kopiuj numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="753"/>
        <source>Open preview</source>
        <translation>Otwórz podgląd</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="763"/>
        <source>Pay…</source>
        <translation>Zapłać…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="764"/>
        <source>Transfer data with the KSeF number, the payment QR code and the White List check</source>
        <translation>Dane do przelewu z numerem KSeF, kod QR do płatności i sprawdzenie na Białej liście</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="771"/>
        <source>Issue like this one</source>
        <translation>Wystaw podobną</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="772"/>
        <source>Correct this invoice</source>
        <translation>Wystaw korektę tej faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="773"/>
        <source>Settle this advance</source>
        <translation>Rozlicz tę zaliczkę</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="810"/>
        <source>Select purchase invoices of one seller to pay them.</source>
        <translation>Zaznacz faktury zakupowe jednego sprzedawcy, aby je zapłacić.</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="572"/>
        <source>Received by KSeF</source>
        <translation>Przyjęta przez KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="332"/>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="314"/>
        <source>from</source>
        <translation>od</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="314"/>
        <source>to</source>
        <translation>do</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="632"/>
        <source>Invoice</source>
        <translation>Faktura</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="637"/>
        <source>Saved %1 in %2</source>
        <translation>Zapisano plik %1 w folderze %2</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="654"/>
        <source>Save the invoice XML</source>
        <translation>Zapisz XML faktury</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="133"/>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>Details of the selected company</source>
        <translation>Szczegóły wybranej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>Invoices</source>
        <translation>Faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>KSeF availability</source>
        <translation>Dostępność KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>Welcome to KSeF Desk</source>
        <translation>Witaj w KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="285"/>
        <source>KSeF Desk connects your companies to KSeF, the national e-invoicing system.
No company has been added yet. You can try everything without a KSeF account
in the local sandbox, which behaves like KSeF on this computer.</source>
        <translation>KSeF Desk łączy Twoje firmy z Krajowym Systemem e-Faktur.
Nie dodano jeszcze żadnej firmy. Możesz wypróbować wszystko bez konta w KSeF
w lokalnej piaskownicy, która działa jak KSeF na tym komputerze.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="296"/>
        <source>Try the local sandbox</source>
        <translation>Wypróbuj lokalną piaskownicę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="297"/>
        <source>Adds a demonstration company in the local sandbox</source>
        <translation>Dodaje firmę demonstracyjną w lokalnej piaskownicy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Add a company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>Invoices, settings and logs are kept in: %1 (back up this folder).
Passwords, tokens and keys never go there in plain text: %2</source>
        <translation>Faktury, ustawienia i dzienniki są przechowywane w: %1 (rób kopię tego folderu).
Hasła, tokeny i klucze nigdy nie trafiają tam jawnym tekstem: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="319"/>
        <source>they go to your system's keyring, or, where there is none, to an encrypted vault protected by a passphrase you choose.</source>
        <translation>trafiają do systemowego pęku kluczy, a gdy go brak — do zaszyfrowanego sejfu chronionego wybranym przez Ciebie hasłem.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388"/>
        <source>Save as PDF</source>
        <translation>Zapisz jako PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="399"/>
        <location filename="../../ui/main_window.py" line="1521"/>
        <source>Saved %1</source>
        <translation>Zapisano %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="497"/>
        <source>Stop</source>
        <translation>Zatrzymaj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="585"/>
        <source>Actions</source>
        <translation>Działania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="509"/>
        <source>Add company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="510"/>
        <source>Authorize again…</source>
        <translation>Zaloguj ponownie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="511"/>
        <source>Log out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512"/>
        <source>Switch environment…</source>
        <translation>Zmień środowisko…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="513"/>
        <source>Remove company…</source>
        <translation>Usuń firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="514"/>
        <source>Archives…</source>
        <translation>Archiwa…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="515"/>
        <source>What is kept of environments the companies left</source>
        <translation>Co zostało ze środowisk, z których firmy odeszły</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="516"/>
        <source>Receive invoices</source>
        <translation>Odbierz faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="520"/>
        <source>Check connections</source>
        <translation>Sprawdź połączenia</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>Open data folder</source>
        <translation>Otwórz folder danych</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="522"/>
        <source>Credentials…</source>
        <translation>Poświadczenia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="524"/>
        <source>KSeF certificates, token and signature of the company, with their expiry dates</source>
        <translation>Certyfikaty KSeF, token i podpis firmy wraz z datami ważności</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="526"/>
        <source>Sign a file…</source>
        <translation>Podpisz plik…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="528"/>
        <source>Sign a KSeF request file here, with your signature card or a certificate file</source>
        <translation>Podpisz tutaj plik żądania KSeF kartą z podpisem lub plikiem certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="536"/>
        <source>About…</source>
        <translation>O programie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="538"/>
        <source>What do these words mean?</source>
        <translation>Co znaczą te słowa?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="541"/>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="543"/>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="546"/>
        <source>&amp;Company</source>
        <translation>&amp;Firma</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="558"/>
        <source>&amp;Invoices</source>
        <translation>F&amp;aktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>Invoices to pay</source>
        <translation>Faktury do zapłaty</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>When all companies are up to date</source>
        <translation>Kiedy wszystkie firmy będą aktualne</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>Ready for 2027</source>
        <translation>Gotowość na 2027</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245"/>
        <source>Today</source>
        <translation>Dziś</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>Pay selected invoices…</source>
        <translation>Zapłać zaznaczone faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>Send invoices</source>
        <translation>Wyślij faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="518"/>
        <source>Send the invoices waiting in the outbox now</source>
        <translation>Wyślij teraz faktury czekające w zakładce Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="519"/>
        <source>Find invoices</source>
        <translation>Szukaj faktur</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="530"/>
        <source>Ready for 2027…</source>
        <translation>Gotowość na 2027…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="531"/>
        <source>Issue invoice…</source>
        <translation>Wystaw fakturę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="532"/>
        <source>Invoice drafts…</source>
        <translation>Wersje robocze faktur…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="534"/>
        <source>Contractors and products…</source>
        <translation>Kontrahenci i produkty…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="537"/>
        <source>Check for updates…</source>
        <translation>Sprawdź aktualizacje…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="539"/>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiszowe</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="561"/>
        <source>&amp;All companies</source>
        <translation>&amp;Wszystkie firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="562"/>
        <source>Check all logins</source>
        <translation>Sprawdź logowanie wszystkich</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="563"/>
        <source>Receive invoices for all</source>
        <translation>Odbierz faktury wszystkich</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="565"/>
        <source>Export last month for all…</source>
        <translation>Eksportuj poprzedni miesiąc wszystkich…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="570"/>
        <source>Accounting office…</source>
        <translation>Biuro rachunkowe…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="571"/>
        <source>One certificate of the office for all its clients</source>
        <translation>Jeden certyfikat biura dla wszystkich jego klientów</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="572"/>
        <source>Grant to an accounting office…</source>
        <translation>Nadaj uprawnienia biuru rachunkowemu…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>The selected company lets its accounting office work in KSeF</source>
        <translation>Wybrana firma pozwala swojemu biuru rachunkowemu pracować w KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="576"/>
        <source>&amp;Tools</source>
        <translation>&amp;Narzędzia</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="579"/>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="624"/>
        <source>Company actions</source>
        <translation>Działania dla firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="722"/>
        <source>Select a company to see its connection details.</source>
        <translation>Wybierz firmę, aby zobaczyć szczegóły połączenia.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="727"/>
        <source>Connection: %1</source>
        <translation>Połączenie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="734"/>
        <source>Login valid until %1</source>
        <translation>Logowanie ważne do %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="762"/>
        <source>Invoices you add now are marked as issued offline (%1) and sent with the offline flag by their deadline once KSeF answers again.</source>
        <translation>Faktury dodane teraz zostaną oznaczone jako wystawione offline (%1) i wysłane z oznaczeniem offline w terminie, gdy KSeF znów odpowie.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="777"/>
        <source>its KSeF certificate (valid until %1)</source>
        <translation>certyfikatem KSeF (ważnym do %1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="781"/>
        <source>its KSeF token (usable until 31 Dec 2026)</source>
        <translation>tokenem KSeF (działa do 31.12.2026)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="783"/>
        <source>nothing: when the login ends, sign again (Credentials… offers a KSeF certificate)</source>
        <translation>niczym: gdy logowanie wygaśnie, podpisz ponownie (Poświadczenia… oferują certyfikat KSeF)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="784"/>
        <source>Logs in again by itself with: %1</source>
        <translation>Samodzielne ponowne logowanie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="858"/>
        <source>Where to export last month's invoices?</source>
        <translation>Gdzie zapisać faktury z poprzedniego miesiąca?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="898"/>
        <source>Sending invoices…</source>
        <translation>Wysyłanie faktur…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="900"/>
        <source>Receiving invoices… %1 new so far</source>
        <translation>Pobieranie faktur… dotąd nowych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="905"/>
        <source>Automatic sync is off</source>
        <translation>Automatyczna synchronizacja wyłączona</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="907"/>
        <source>Next sync in %1</source>
        <translation>Następna synchronizacja za %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="910"/>
        <source>KSeF downloads left this hour: %1 of %2</source>
        <translation>Pozostałe pobrania z KSeF w tej godzinie: %1 z %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="917"/>
        <source>Last attempt failed: %1</source>
        <translation>Ostatnia próba nie powiodła się: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="989"/>
        <source>Remove %1 (NIP %2) from KSeF Desk?</source>
        <translation>Usunąć firmę %1 (NIP %2) z KSeF Desk?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="994"/>
        <source>This deletes from this computer:</source>
        <translation>Z tego komputera zostaną usunięte:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="995"/>
        <source>its login here (and the KSeF token, if one is kept)</source>
        <translation>jej logowanie w programie (i token KSeF, jeśli jest zapisany)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="997"/>
        <source>WARNING: invoices not yet sent have legal deadlines. Send them first (Outbox tab).</source>
        <translation>UWAGA: faktury jeszcze niewysłane mają ustawowe terminy. Najpierw je wyślij (karta „Do wysłania”).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="999"/>
        <source>Back up the KSeF certificates first if you need them (Credentials… ▸ Back up).</source>
        <translation>Jeśli certyfikaty KSeF będą potrzebne, najpierw zrób ich kopię (Dane logowania… ▸ Kopia zapasowa).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1001"/>
        <source>Archives of the company's other environments stay (Company ▸ Archives…).</source>
        <translation>Archiwa innych środowisk tej firmy zostają (Firma ▸ Archiwa…).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1006"/>
        <source>%1 client companies log in with this office's KSeF certificate: afterwards each needs a login of its own.</source>
        <translation>%1 firm klientów loguje się certyfikatem KSeF tego biura: potem każda będzie potrzebować własnego logowania.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1012"/>
        <source>Invoices already in KSeF are not affected: they can be downloaded again after logging in.</source>
        <translation>Faktur, które są już w KSeF, to nie dotyczy: po zalogowaniu można je pobrać ponownie.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1015"/>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1015"/>
        <location filename="../../ui/main_window.py" line="1149"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1017"/>
        <source>Export first, then remove…</source>
        <translation>Najpierw eksportuj, potem usuń…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1019"/>
        <source>Back up the keys first…</source>
        <translation>Najpierw zapisz kopię kluczy…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1022"/>
        <source>Remove company</source>
        <translation>Usuń firmę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1043"/>
        <source>Remove without a backup</source>
        <translation>Usuń bez kopii zapasowej</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1045"/>
        <source>The private keys of %1 KSeF certificates exist only on this computer. Without a backup they cannot be recovered: the company will need a new signature to get new certificates.

Remove the company and its keys anyway?</source>
        <translation>Klucze prywatne certyfikatów KSeF (%1) są tylko na tym komputerze. Bez kopii zapasowej nie da się ich odzyskać: do nowych certyfikatów firma będzie potrzebować nowego podpisu.

Usunąć firmę razem z kluczami mimo to?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1070"/>
        <source>%1 was removed.</source>
        <translation>Usunięto firmę %1.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1072"/>
        <source>Its data was exported to %1.</source>
        <translation>Jej dane wyeksportowano do: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1081"/>
        <source>%1 received invoices</source>
        <translation>odebrane faktury: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1083"/>
        <source>%1 sales invoices downloaded from KSeF</source>
        <translation>faktury sprzedaży pobrane z KSeF: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1087"/>
        <source>%1 invoices sent by KSeF Desk, %2 of them with their UPO</source>
        <translation>faktury wysłane przez KSeF Desk: %1, w tym z UPO: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1092"/>
        <source>%1 invoices NOT YET SENT to KSeF</source>
        <translation>faktury JESZCZE NIEWYSŁANE do KSeF: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1094"/>
        <source>(the first must be sent by %1)</source>
        <translation>(pierwszą trzeba wysłać do %1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1101"/>
        <source>%1 KSeF certificates with their private keys (they cannot be recovered)</source>
        <translation>certyfikaty KSeF z kluczami prywatnymi: %1 (nie da się ich odzyskać)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1108"/>
        <source>Where to export the company's data?</source>
        <translation>Gdzie wyeksportować dane firmy?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1123"/>
        <source>%1 will be logged in to another KSeF environment. Nothing changes until that login succeeds: Cancel in the wizard leaves everything as it is now.</source>
        <translation>Firma %1 zostanie zalogowana w innym środowisku KSeF. Nic się nie zmieni, dopóki to logowanie się nie powiedzie: „Anuluj” w kreatorze zostawia wszystko tak, jak jest teraz.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1128"/>
        <source>What is stored for %1 stays on this computer as an archive you can open, export or delete later (Company ▸ Archives…):</source>
        <translation>To, co zapisano dla środowiska %1, zostanie na tym komputerze jako archiwum, które można później otworzyć, wyeksportować albo usunąć (Firma ▸ Archiwa…):</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1132"/>
        <source>nothing yet</source>
        <translation>jeszcze nic</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1136"/>
        <source>WARNING: invoices not yet sent will not be sent from the archive. Send them first.</source>
        <translation>UWAGA: faktury jeszcze niewysłane nie zostaną wysłane z archiwum. Najpierw je wyślij.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1141"/>
        <source>Remember: on PRODUCTION the first invoice sent obliges the company to send all later ones there, and sent invoices can only be corrected, never deleted.</source>
        <translation>Pamiętaj: na PRODUKCJI pierwsza wysłana faktura zobowiązuje firmę do wysyłania tam wszystkich następnych, a wysłane faktury można tylko korygować, nigdy usunąć.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1149"/>
        <source>Choose the environment…</source>
        <translation>Wybierz środowisko…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1147"/>
        <source>Switch environment</source>
        <translation>Zmiana środowiska</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1190"/>
        <source>Syncing %1 companies · %2 new invoices</source>
        <translation>Synchronizacja firm: %1 · nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1222"/>
        <source>%1: new invoices: %2</source>
        <translation>%1: nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1248"/>
        <source>Choose FA(3) invoices to send</source>
        <translation>Wybierz faktury FA(3) do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1248"/>
        <source>Invoices (*.xml *.XML);;All files (*)</source>
        <translation>Faktury (*.xml *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1269"/>
        <source>Queued for sending: %1</source>
        <translation>Dodane do wysłania: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1273"/>
        <source>Not queued:</source>
        <translation>Niedodane:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1277"/>
        <source>Invoices to send</source>
        <translation>Faktury do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1309"/>
        <source>These invoices are dated before today. KSeF will record them as issued OFFLINE (their UPO will say “Tryb wysyłki: Offline”), even though they are sent now:</source>
        <translation>Te faktury mają datę wcześniejszą niż dzisiejsza. KSeF zapisze je jako wystawione OFFLINE (w UPO będzie „Tryb wysyłki: Offline”), choć są wysyłane teraz:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1315"/>
        <source>If the date is a mistake, take them back, correct the issue date and add them again.</source>
        <translation>Jeśli data jest pomyłką, wycofaj je, popraw datę wystawienia i dodaj ponownie.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1319"/>
        <source>Invoices dated in the past</source>
        <translation>Faktury z datą wsteczną</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1321"/>
        <source>Take them back</source>
        <translation>Wycofaj je</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1321"/>
        <source>Send as they are</source>
        <translation>Wyślij bez zmian</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1335"/>
        <source>Outbox folder: %1 queued, %2 refused (see the “odrzucone” folder)</source>
        <translation>Folder do wysyłki: dodane %1, odrzucone %2 (zobacz folder „odrzucone”)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1365"/>
        <location filename="../../ui/main_window.py" line="1393"/>
        <source>Select the company that issues the invoice.</source>
        <translation>Zaznacz firmę, która wystawia fakturę.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1386"/>
        <source>Invoice %1 issued; sending it to KSeF</source>
        <translation>Wystawiono fakturę %1; wysyłam ją do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1417"/>
        <source>Select a company first.</source>
        <translation>Najpierw zaznacz firmę.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1467"/>
        <source>No offline certificate</source>
        <translation>Brak certyfikatu offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1469"/>
        <source>This invoice was issued offline, so its paper copy needs KOD II, signed with the company's KSeF offline certificate. Request one in the company's credentials (after a signature login); until then the PDF carries KOD I only.</source>
        <translation>Ta faktura została wystawiona offline, więc jej wydruk wymaga KODU II podpisanego certyfikatem offline KSeF firmy. Poproś o niego w poświadczeniach firmy (po zalogowaniu podpisem); do tego czasu PDF zawiera tylko KOD I.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1489"/>
        <source>Invoice</source>
        <translation>Faktura</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1502"/>
        <source>Save the UPO</source>
        <translation>Zapisz UPO</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1525"/>
        <source>Company %1 needs to be authorized again</source>
        <translation>Firma %1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1538"/>
        <source>Watched outbox folder</source>
        <translation>Obserwowany folder do wysyłki</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1563"/>
        <source>Starting the local sandbox…</source>
        <translation>Uruchamianie lokalnej piaskownicy…</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="132"/>
        <source>How do you want to log in to KSeF?</source>
        <translation>Jak chcesz zalogować się do KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="138"/>
        <source>Qualified electronic signature</source>
        <translation>Kwalifikowany podpis elektroniczny</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="140"/>
        <source>For the first login or when you sign with a card: you download a file, sign it in your signing software and upload it here.</source>
        <translation>Przy pierwszym logowaniu lub gdy podpisujesz kartą: pobierasz plik, podpisujesz go w programie do podpisu i przesyłasz tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="146"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="148"/>
        <source>A .p12/.pfx or PEM certificate with its key (for example a KSeF certificate): KSeF Desk signs for you.</source>
        <translation>Certyfikat .p12/.pfx lub PEM z kluczem (np. certyfikat KSeF): KSeF Desk podpisze za Ciebie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="154"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="156"/>
        <source>A token created in KSeF or by KSeF Desk after a signature login; logins then renew automatically.</source>
        <translation>Token utworzony w KSeF lub przez KSeF Desk po logowaniu podpisem; logowanie odnawia się wtedy samo.</translation>
    </message>
</context>
<context>
    <name>NumberingDialog</name>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="22"/>
        <source>Invoice numbering</source>
        <translation>Numeracja faktur</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="26"/>
        <source>The app gives each invoice the next number when it is issued (never when the form opens), so the series has no gaps and no number twice.</source>
        <translation>Program nadaje fakturze kolejny numer w chwili wystawienia (nigdy przy otwarciu formularza), więc w serii nie ma luk ani powtórzonych numerów.</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="33"/>
        <source>Number pattern</source>
        <translation>Wzór numeru</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="34"/>
        <source>Number pattern:</source>
        <translation>Wzór numeru:</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="35"/>
        <source>{nr} the counter, {DD} day, {MM} month, {YYYY} or {YY} year</source>
        <translation>{nr} – kolejny numer, {DD} – dzień, {MM} – miesiąc, {YYYY} lub {YY} – rok</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="39"/>
        <source>Counter starts again</source>
        <translation>Numeracja od nowa</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="41"/>
        <source>every month</source>
        <translation>co miesiąc</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="42"/>
        <source>every year</source>
        <translation>co rok</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="43"/>
        <source>never</source>
        <translation>nigdy</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="47"/>
        <source>Counter starts again:</source>
        <translation>Numeracja od nowa:</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="49"/>
        <source>Next number</source>
        <translation>Następny numer</translation>
    </message>
    <message>
        <location filename="../../ui/numbering_dialog.py" line="50"/>
        <source>Next invoice:</source>
        <translation>Następna faktura:</translation>
    </message>
</context>
<context>
    <name>OfficeDialog</name>
    <message>
        <location filename="../../ui/office_dialog.py" line="57"/>
        <source>Accounting office</source>
        <translation>Biuro rachunkowe</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="61"/>
        <source>An accounting office logs in to each client's KSeF with one certificate of its own. Each client grants the office permissions in KSeF once; KSeF then lets the office in only as far as the client allowed.</source>
        <translation>Biuro rachunkowe loguje się do KSeF każdego klienta jednym, własnym certyfikatem. Każdy klient raz nadaje biuru uprawnienia w KSeF; KSeF wpuszcza potem biuro tylko tak daleko, jak klient pozwolił.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="68"/>
        <source>Which company is the office</source>
        <translation>Która firma jest biurem</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="74"/>
        <source>The office:</source>
        <translation>Biuro:</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="75"/>
        <source>Its KSeF certificate:</source>
        <translation>Jego certyfikat KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="78"/>
        <source>None of your companies has its own KSeF certificate yet, so none can be the office. Add the office as a company, log it in with a signature and set up its certificates in the "Ready for 2027" tab; or import a backup of the office's certificate (.p12) here.</source>
        <translation>Żadna z Twoich firm nie ma jeszcze własnego certyfikatu KSeF, więc żadna nie może być biurem. Dodaj biuro jako firmę, zaloguj je podpisem i utwórz jego certyfikaty na karcie „Gotowość na 2027”; albo zaimportuj tutaj kopię zapasową certyfikatu biura (.p12).</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="85"/>
        <source>Which company the certificate belongs to</source>
        <translation>Do której firmy należy certyfikat</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="86"/>
        <source>Import the office's certificate (.p12)…</source>
        <translation>Importuj certyfikat biura (.p12)…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="92"/>
        <source>The office is:</source>
        <translation>Biuro to:</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="101"/>
        <source>Client</source>
        <translation>Klient</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="102"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="103"/>
        <source>Via the office</source>
        <translation>Przez biuro</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="104"/>
        <source>What the office holds there</source>
        <translation>Co biuro tam może</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="107"/>
        <source>Clients of the office</source>
        <translation>Klienci biura</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="110"/>
        <source>Ticked: the client logs in with the office's KSeF certificate</source>
        <translation>Zaznaczone: klient loguje się certyfikatem KSeF biura</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="123"/>
        <source>Check the clients</source>
        <translation>Sprawdź klientów</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="125"/>
        <source>Logs in with the office's certificate in each client's context and lists what it may do there</source>
        <translation>Loguje się certyfikatem biura w kontekście każdego klienta i pokazuje, co biuro może tam robić</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="129"/>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="131"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="141"/>
        <location filename="../../ui/office_dialog.py" line="144"/>
        <location filename="../../ui/office_dialog.py" line="387"/>
        <source>What the client must grant</source>
        <translation>Co klient musi nadać</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="146"/>
        <source>Copy instructions</source>
        <translation>Kopiuj instrukcję</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="147"/>
        <source>Copies the text, to send it to the client by e-mail</source>
        <translation>Kopiuje tekst, żeby wysłać go klientowi e-mailem</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="224"/>
        <source>%1, valid until %2</source>
        <translation>%1, ważny do %2</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="254"/>
        <source>Another KSeF environment than the office's</source>
        <translation>Inne środowisko KSeF niż biura</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="258"/>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="258"/>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="277"/>
        <source>Logs in with the certificate of %1</source>
        <translation>Loguje się certyfikatem: %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="278"/>
        <source>— logs in with its own credentials</source>
        <translation>— loguje się własnymi danymi</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="282"/>
        <source>(at the last login)</source>
        <translation>(przy ostatnim logowaniu)</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="283"/>
        <source>○ not checked yet</source>
        <translation>○ jeszcze nie sprawdzono</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="285"/>
        <source>✔ %1 held</source>
        <translation>✔ biuro ma: %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="287"/>
        <source>not granted: %1</source>
        <translation>nie nadano: %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="293"/>
        <source>✖ KSeF lets the office in, but it holds no permissions there</source>
        <translation>✖ KSeF wpuszcza biuro, ale biuro nie ma tam żadnych uprawnień</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="297"/>
        <source>✖ Not granted (415): ask the client to grant %1</source>
        <translation>✖ Nie nadano (415): poproś klienta o nadanie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="321"/>
        <source>The office's KSeF certificate with its key</source>
        <translation>Certyfikat KSeF biura z kluczem</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="321"/>
        <source>Certificate with key (*.p12 *.pfx)</source>
        <translation>Certyfikat z kluczem (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="345"/>
        <source>Certificate imported: this company is now the office.</source>
        <translation>Certyfikat zaimportowany: ta firma jest teraz biurem.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="385"/>
        <source>What %1 must grant</source>
        <translation>Co musi nadać %1</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="392"/>
        <source>Nothing is missing: the office holds everything it needs here.</source>
        <translation>Niczego nie brakuje: biuro ma tu wszystko, czego potrzebuje.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="400"/>
        <source>Copied: paste it into a message to the client.</source>
        <translation>Skopiowano: wklej to do wiadomości do klienta.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="409"/>
        <source>No client logs in with the office's certificate yet: tick them above first.</source>
        <translation>Jeszcze żaden klient nie loguje się certyfikatem biura: najpierw zaznacz ich powyżej.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="415"/>
        <source>Logging in to the clients' KSeF…</source>
        <translation>Logowanie do KSeF klientów…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="428"/>
        <source>Stopping after the current client…</source>
        <translation>Zatrzymanie po bieżącym kliencie…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="440"/>
        <source>%1 of %2 clients checked…</source>
        <translation>Sprawdzono %1 z %2 klientów…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="448"/>
        <source>Checked: the office can work for %1 of %2 clients.</source>
        <translation>Sprawdzono: biuro może pracować dla %1 z %2 klientów.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="462"/>
        <source>Check cancelled. Check again to see every client.</source>
        <translation>Sprawdzanie przerwane. Sprawdź ponownie, żeby zobaczyć wszystkich klientów.</translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="179"/>
        <source>Outbox</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="189"/>
        <source>Add invoices…</source>
        <translation>Dodaj faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="191"/>
        <source>New invoice…</source>
        <translation>Nowa faktura…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="192"/>
        <source>Fill in a sales invoice here and send it to KSeF</source>
        <translation>Wypełnij tu fakturę sprzedaży i wyślij ją do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="194"/>
        <source>Drafts…</source>
        <translation>Wersje robocze…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="195"/>
        <source>Invoices saved to finish later</source>
        <translation>Faktury zapisane do dokończenia później</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="197"/>
        <source>Send now</source>
        <translation>Wyślij teraz</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="199"/>
        <location filename="../../ui/outbox_view.py" line="348"/>
        <source>Save UPO…</source>
        <translation>Zapisz UPO…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="201"/>
        <location filename="../../ui/outbox_view.py" line="351"/>
        <source>Invoice PDF…</source>
        <translation>PDF faktury…</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="202"/>
        <source>The invoice with KOD I, and KOD II when it was issued offline</source>
        <translation>Faktura z KODEM I oraz KODEM II, jeśli wystawiono ją offline</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="205"/>
        <source>How new invoices were issued</source>
        <translation>Jak wystawiono nowe faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="206"/>
        <source>Issued online (KSeF works)</source>
        <translation>Wystawione online (KSeF działa)</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="208"/>
        <source>Issued offline: %1</source>
        <translation>Wystawione offline: %1</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="211"/>
        <source>Invoices issued while KSeF or the connection was down are sent with KSeF's offline flag by their legal deadline, which the Send by column shows.</source>
        <translation>Faktury wystawione, gdy KSeF lub połączenie nie działało, są wysyłane z oznaczeniem offline w ustawowym terminie, który pokazuje kolumna „Wyślij do”.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="217"/>
        <source>Drop FA(3) XML files here or add them with the button. Each invoice goes to the company that is its seller; KSeF Desk sends it once and keeps its KSeF number and UPO.</source>
        <translation>Upuść tutaj pliki XML FA(3) albo dodaj je przyciskiem. Każda faktura trafia do firmy, która jest jej sprzedawcą; KSeF Desk wysyła ją jeden raz i zachowuje jej numer KSeF oraz UPO.</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="258"/>
        <source>Waiting: %1 · with UPO: %2 · UPO pending: %3 · rejected: %4</source>
        <translation>Czekające: %1 · z UPO: %2 · UPO w drodze: %3 · odrzucone: %4</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="303"/>
        <source>KSeF number</source>
        <translation>numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="303"/>
        <source>invoice number</source>
        <translation>numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="304"/>
        <source>Copied %1: %2</source>
        <translation>Skopiowano %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="341"/>
        <source>Copy KSeF number</source>
        <translation>Kopiuj numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="344"/>
        <source>Copy invoice number</source>
        <translation>Kopiuj numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="347"/>
        <source>Open preview</source>
        <translation>Otwórz podgląd</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <location filename="../../ui/outbox_view.py" line="65"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="66"/>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="67"/>
        <source>Invoice number</source>
        <translation>Numer faktury</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="68"/>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="69"/>
        <source>KSeF number</source>
        <translation>Numer KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="70"/>
        <source>Issued offline</source>
        <translation>Wystawiona offline</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="56"/>
        <location filename="../../ui/outbox_view.py" line="71"/>
        <source>Send by</source>
        <translation>Wyślij do</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="72"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="75"/>
        <source>offline24</source>
        <translation>offline24</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="76"/>
        <source>KSeF unavailable</source>
        <translation>niedostępność KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="77"/>
        <source>KSeF failure</source>
        <translation>awaria KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="80"/>
        <source>waiting to be sent</source>
        <translation>czeka na wysłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="81"/>
        <source>sending</source>
        <translation>wysyłanie</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="82"/>
        <source>sent, KSeF is checking it</source>
        <translation>wysłana, KSeF ją sprawdza</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="83"/>
        <source>accepted, UPO on its way</source>
        <translation>przyjęta, UPO w drodze</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="84"/>
        <source>accepted, UPO received</source>
        <translation>przyjęta, UPO odebrane</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="85"/>
        <source>rejected</source>
        <translation>odrzucona</translation>
    </message>
    <message>
        <location filename="../../ui/outbox_view.py" line="122"/>
        <source>after the outage ends</source>
        <translation>po zakończeniu awarii</translation>
    </message>
</context>
<context>
    <name>PaperPreview</name>
    <message>
        <location filename="../../ui/invoice_view.py" line="199"/>
        <location filename="../../ui/invoice_view.py" line="203"/>
        <source>Invoice preview</source>
        <translation>Podgląd faktury</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="215"/>
        <source>Print…</source>
        <translation>Drukuj…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="216"/>
        <source>Save PDF…</source>
        <translation>Zapisz PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/invoice_view.py" line="217"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="140"/>
        <source>This computer has no system keyring, so KSeF Desk keeps credentials (tokens, keys of KSeF certificates) in an encrypted vault. Choose its passphrase (at least 8 characters).

Remember it or keep it somewhere safe: without it the vault cannot be opened and every company must log in again with a signature (invoices on this computer stay).

Cancel = remember credentials only until the app closes.</source>
        <translation>Ten komputer nie ma systemowego pęku kluczy, więc KSeF Desk zapisze dane logowania (tokeny, klucze certyfikatów KSeF) w zaszyfrowanym sejfie. Wybierz do niego hasło (co najmniej 8 znaków).

Zapamiętaj je albo zapisz w bezpiecznym miejscu: bez niego sejfu nie da się otworzyć i trzeba będzie zalogować firmy od nowa podpisem (faktury na komputerze zostają).

Anuluj = pamiętaj dane logowania tylko do zamknięcia programu.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="147"/>
        <source>Passphrase of your credentials vault (Cancel = only until the app closes):</source>
        <translation>Hasło sejfu z danymi logowania (Anuluj = tylko do zamknięcia programu):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="154"/>
        <source>Passphrase:</source>
        <translation>Hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="158"/>
        <source>Repeat it:</source>
        <translation>Powtórz hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="175"/>
        <source>At least 8 characters.</source>
        <translation>Co najmniej 8 znaków.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="177"/>
        <source>The passphrases differ.</source>
        <translation>Hasła się różnią.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/payment_dialog.py" line="62"/>
        <source>Pay invoices</source>
        <translation>Zapłać faktury</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="62"/>
        <source>Pay invoice</source>
        <translation>Zapłać fakturę</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="71"/>
        <source>Collective identifier</source>
        <translation>Identyfikator zbiorczy</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="72"/>
        <source>Payee</source>
        <translation>Odbiorca</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="73"/>
        <source>Payee NIP</source>
        <translation>NIP odbiorcy</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="74"/>
        <source>Account number</source>
        <translation>Numer rachunku</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="75"/>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="76"/>
        <source>Due date</source>
        <translation>Termin płatności</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="77"/>
        <source>Transfer title</source>
        <translation>Tytuł przelewu</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="85"/>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="86"/>
        <source>Copy to the clipboard, to paste in your bank</source>
        <translation>Kopiuj do schowka, aby wkleić w banku</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="87"/>
        <source>Copy: %1</source>
        <translation>Kopiuj: %1</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="103"/>
        <source>Payment QR code</source>
        <translation>Kod QR do płatności</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="117"/>
        <source>VAT White List</source>
        <translation>Biała lista VAT</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="118"/>
        <source>Mark as paid</source>
        <translation>Oznacz jako zapłacone</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="119"/>
        <source>Record that you paid (today, by transfer)</source>
        <translation>Zapisz, że zapłacono (dziś, przelewem)</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="137"/>
        <source>Asking KSeF for a collective identifier for %1 invoices…</source>
        <translation>Proszę KSeF o identyfikator zbiorczy dla %1 faktur…</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="163"/>
        <source>Pay %1 invoices of one seller with one transfer: its title holds the collective identifier.</source>
        <translation>Faktury jednego sprzedawcy (liczba: %1) zapłacisz jednym przelewem: w jego tytule jest identyfikator zbiorczy.</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="166"/>
        <source>From 2027 the transfer title must hold the invoice's KSeF number: it is already in it.</source>
        <translation>Od 2027 roku tytuł przelewu musi zawierać numer KSeF faktury: już go zawiera.</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="188"/>
        <source>Scan with your banking app. The code holds the collective identifier without dashes.</source>
        <translation>Zeskanuj w aplikacji banku. Kod zawiera identyfikator zbiorczy bez myślników.</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="190"/>
        <source>Scan with your banking app. The code holds the KSeF number without dashes.</source>
        <translation>Zeskanuj w aplikacji banku. Kod zawiera numer KSeF bez myślników.</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="193"/>
        <source>No QR code: %1.</source>
        <translation>Brak kodu QR: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="200"/>
        <source>not stated on the invoice</source>
        <translation>nie podano na fakturze</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="204"/>
        <source>%1 (overdue by %2 days)</source>
        <translation>%1 (po terminie, dni: %2)</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="212"/>
        <source>Checking the account on the VAT White List…</source>
        <translation>Sprawdzam rachunek na Białej liście VAT…</translation>
    </message>
    <message>
        <location filename="../../ui/payment_dialog.py" line="236"/>
        <source>Accounts on the White List for this NIP: %1. Confirm with the seller which one to pay.</source>
        <translation>Rachunki na Białej liście dla tego NIP: %1. Potwierdź ze sprzedawcą, na który zapłacić.</translation>
    </message>
</context>
<context>
    <name>ProductsTab</name>
    <message>
        <location filename="../../ui/contractor_book.py" line="246"/>
        <source>Search: name</source>
        <translation>Szukaj: nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="247"/>
        <source>Search products</source>
        <translation>Szukaj towarów i usług</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="250"/>
        <source>Clear the search</source>
        <translation>Wyczyść wyszukiwanie</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="253"/>
        <location filename="../../ui/contractor_book.py" line="260"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="253"/>
        <location filename="../../ui/contractor_book.py" line="262"/>
        <source>Unit</source>
        <translation>Jednostka</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="253"/>
        <location filename="../../ui/contractor_book.py" line="264"/>
        <source>Unit price</source>
        <translation>Cena jednostkowa</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="253"/>
        <location filename="../../ui/contractor_book.py" line="268"/>
        <source>VAT rate</source>
        <translation>Stawka VAT</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="254"/>
        <source>Products</source>
        <translation>Towary i usługi</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="255"/>
        <source>Select all</source>
        <translation>Zaznacz wszystko</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="269"/>
        <source>New</source>
        <translation>Nowy</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="271"/>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="273"/>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="333"/>
        <source>Enter the name.</source>
        <translation>Podaj nazwę.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="336"/>
        <source>The price must be a number, e.g. 12,50.</source>
        <translation>Cena musi być liczbą, np. 12,50.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="343"/>
        <source>Saved.</source>
        <translation>Zapisano.</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="352"/>
        <source>Delete product</source>
        <translation>Usuń towar lub usługę</translation>
    </message>
    <message>
        <location filename="../../ui/contractor_book.py" line="352"/>
        <source>Delete %1 from the list?</source>
        <translation>Usunąć %1 z listy?</translation>
    </message>
</context>
<context>
    <name>ReadinessPanel</name>
    <message>
        <location filename="../../ui/readiness_view.py" line="88"/>
        <source>Tokens: %1 &lt;a href='why'&gt;Why?&lt;/a&gt;</source>
        <translation>Tokeny: %1 &lt;a href='why'&gt;Dlaczego?&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="94"/>
        <source>No companies yet. Add a company (Company → Add company…) and this page shows whether it is ready.</source>
        <translation>Nie ma jeszcze żadnej firmy. Dodaj firmę (Firma → Dodaj firmę…), a ta strona pokaże, czy jest gotowa.</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="101"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="102"/>
        <source>Logs in today</source>
        <translation>Loguje się dziś</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="103"/>
        <location filename="../../ui/readiness_view.py" line="104"/>
        <source>On %1</source>
        <translation>Dnia %1</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="105"/>
        <source>What is missing</source>
        <translation>Czego brakuje</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="106"/>
        <source>Certificates end</source>
        <translation>Koniec ważności certyfikatów</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="107"/>
        <source>Next step</source>
        <translation>Następny krok</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="110"/>
        <source>Companies and their readiness for 2027</source>
        <translation>Firmy i ich gotowość na 2027</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="148"/>
        <source>Checking the companies…</source>
        <translation>Sprawdzanie firm…</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="178"/>
        <source>%1 of %2 companies will log in by themselves on %3.</source>
        <translation>%1 z %2 firm zaloguje się samodzielnie dnia %3.</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="223"/>
        <source>Login: %1</source>
        <translation>Logowanie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="224"/>
        <source>Offline: %1</source>
        <translation>Offline: %1</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="225"/>
        <source>Office: %1</source>
        <translation>Biuro: %1</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="238"/>
        <source>Why KSeF tokens are not enough</source>
        <translation>Dlaczego tokeny KSeF nie wystarczą</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="239"/>
        <source>%1

Sources:
%2

The app never switches off a working token by itself.</source>
        <translation>%1

Źródła:
%2

Program nigdy sam nie wyłącza działającego tokenu.</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="284"/>
        <source>Working on it… this takes a few seconds.</source>
        <translation>Trwa praca… to potrwa kilka sekund.</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="296"/>
        <source>Back up the key</source>
        <translation>Kopia zapasowa klucza</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="296"/>
        <source>Use Company → Credentials… to save the key.</source>
        <translation>Aby zapisać klucz, użyj Firma → Poświadczenia….</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="306"/>
        <source>Revoke the KSeF token?</source>
        <translation>Unieważnić token KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/readiness_view.py" line="308"/>
        <source>KSeF will no longer accept this company's token. The app logs in with the company's KSeF certificate instead, so nothing else changes. This cannot be undone; a new token needs a new signature.</source>
        <translation>KSeF przestanie przyjmować token tej firmy. Program loguje się zamiast niego certyfikatem KSeF firmy, więc nic więcej się nie zmienia. Tego nie da się cofnąć; nowy token wymaga nowego podpisu.</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="645"/>
        <location filename="../../ui/wizard.py" line="687"/>
        <source>KSeF is checking your login</source>
        <translation>KSeF sprawdza logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="649"/>
        <source>Waiting for KSeF</source>
        <translation>Oczekiwanie na KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="652"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="654"/>
        <source>Stay connected: request a KSeF certificate (recommended)</source>
        <translation>Pozostań połączony: poproś o certyfikat KSeF (zalecane)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="657"/>
        <source>KSeF Desk keeps the certificate's key in the secure store and logs in again by itself when the login ends: no card, no token. It also works after KSeF tokens end on 31 Dec 2026.</source>
        <translation>KSeF Desk przechowuje klucz certyfikatu w bezpiecznym magazynie i sam loguje się ponownie, gdy logowanie wygaśnie: bez karty i bez tokenu. Działa też po wygaśnięciu tokenów KSeF 31.12.2026.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="664"/>
        <source>Create a KSeF token for automatic renewal</source>
        <translation>Utwórz token KSeF do automatycznego odnawiania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="686"/>
        <source>Sending to KSeF and waiting for it to verify the login…</source>
        <translation>Wysyłanie do KSeF i oczekiwanie na sprawdzenie logowania…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="708"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="710"/>
        <source>&lt;b&gt;%1 is connected to KSeF.&lt;/b&gt; Invoices can now be sent and received.</source>
        <translation>&lt;b&gt;%1 jest połączona z KSeF.&lt;/b&gt; Można już wysyłać i odbierać faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="715"/>
        <source>A signature login lasts up to 7 days. A KSeF certificate (or a KSeF token) lets KSeF Desk renew it without your card.</source>
        <translation>Logowanie podpisem jest ważne do 7 dni. Certyfikat KSeF (albo token KSeF) pozwala KSeF Desk odnawiać je bez karty.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="727"/>
        <source>Not connected</source>
        <translation>Brak połączenia</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="749"/>
        <source>Done: KSeF Desk now logs in by itself with its KSeF certificate (valid until %1).</source>
        <translation>Gotowe: KSeF Desk loguje się teraz samodzielnie swoim certyfikatem KSeF (ważnym do %1).</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="764"/>
        <source>Done: later logins renew automatically, without your card.</source>
        <translation>Gotowe: kolejne logowania odnowią się automatycznie, bez karty.</translation>
    </message>
</context>
<context>
    <name>RevokePage</name>
    <message>
        <location filename="../../ui/setup_2027.py" line="314"/>
        <source>The KSeF token is no longer needed</source>
        <translation>Token KSeF nie jest już potrzebny</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="319"/>
        <source>From now on %1 logs in with its KSeF certificate. The KSeF token KSeF Desk kept until now is no longer needed, and KSeF tokens lose their legal basis on 31 December 2026. Revoking it in KSeF means nobody who has a copy of it can log in with it. If another program or your accounting office uses the same token, it stops working there too.</source>
        <translation>Od teraz %1 loguje się swoim certyfikatem KSeF. Token KSeF przechowywany dotąd przez KSeF Desk nie jest już potrzebny, a tokeny KSeF tracą podstawę prawną 31 grudnia 2026. Unieważnienie go w KSeF sprawi, że nikt, kto ma jego kopię, nie zaloguje się nim. Jeśli tego samego tokenu używa inny program albo Twoje biuro rachunkowe, tam też przestanie działać.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="326"/>
        <source>Revoke the token…</source>
        <translation>Unieważnij token…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="329"/>
        <source>Not sure? Continue and keep it: you can revoke it later.</source>
        <translation>Nie masz pewności? Przejdź dalej i zachowaj go: możesz go unieważnić później.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="344"/>
        <source>Revoke the KSeF token?</source>
        <translation>Unieważnić token KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="346"/>
        <source>KSeF will no longer accept the token of %1. KSeF Desk logs in with the company's KSeF certificate instead. This cannot be undone: a new token would need a new signature.</source>
        <translation>KSeF przestanie przyjmować token firmy %1. KSeF Desk będzie się logować certyfikatem KSeF firmy. Tego nie da się cofnąć: nowy token wymagałby nowego podpisu.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="354"/>
        <source>Revoking the token in KSeF…</source>
        <translation>Unieważnianie tokenu w KSeF…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="365"/>
        <source>The token is revoked. The company logs in with its KSeF certificate.</source>
        <translation>Token jest unieważniony. Firma loguje się swoim certyfikatem KSeF.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="376"/>
        <source>The token was not revoked; it still works.</source>
        <translation>Token nie został unieważniony; nadal działa.</translation>
    </message>
</context>
<context>
    <name>SetUpPage</name>
    <message>
        <location filename="../../ui/setup_2027.py" line="153"/>
        <location filename="../../ui/setup_2027.py" line="193"/>
        <source>KSeF is issuing the certificates</source>
        <translation>KSeF wydaje certyfikaty</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="158"/>
        <source>KSeF issues two certificates for %1: one to log in (Authentication) and one for invoices issued when KSeF is down (Offline, the second QR code). Their keys are made on this computer. This takes up to a minute; Cancel stops it and the company keeps logging in as before.</source>
        <translation>KSeF wydaje firmie %1 dwa certyfikaty: jeden do logowania (Authentication) i jeden do faktur wystawianych, gdy KSeF nie działa (Offline, drugi kod QR). Ich klucze powstają na tym komputerze. Trwa to do minuty; Anuluj przerywa, a firma loguje się dalej tak jak dotąd.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="166"/>
        <source>Waiting for KSeF</source>
        <translation>Czekanie na KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="169"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="171"/>
        <source>Try again</source>
        <translation>Spróbuj ponownie</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="174"/>
        <source>Log in with my signature first…</source>
        <translation>Najpierw zaloguj się moim podpisem…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="195"/>
        <source>Requesting the certificates from KSeF…</source>
        <translation>Wysyłanie wniosku o certyfikaty do KSeF…</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="232"/>
        <source>The certificates are ready</source>
        <translation>Certyfikaty są gotowe</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="235"/>
        <source>Certificate for logging in: valid until %1</source>
        <translation>Certyfikat do logowania: ważny do %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="242"/>
        <source>Offline certificate: valid until %1</source>
        <translation>Certyfikat Offline: ważny do %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="244"/>
        <source>KSeF Desk has logged in with the new certificate: it works.</source>
        <translation>KSeF Desk zalogował się nowym certyfikatem: działa.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="258"/>
        <source>Nothing was deleted: the company logs in as before.</source>
        <translation>Nic nie zostało usunięte: firma loguje się tak jak dotąd.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="51"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Language:</source>
        <translation>Język:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source>A new language applies after restarting KSeF Desk.</source>
        <translation>Nowy język zacznie obowiązywać po ponownym uruchomieniu KSeF Desk.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62"/>
        <source>Closing the window keeps KSeF Desk running in the system tray</source>
        <translation>Zamknięcie okna pozostawia KSeF Desk działający w zasobniku systemowym</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>Automatic sync</source>
        <translation>Automatyczna synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>only when I ask</source>
        <translation>tylko na moje polecenie</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70"/>
        <source>every %1 min</source>
        <translation>co %1 min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="73"/>
        <source>Send and receive invoices:</source>
        <translation>Wysyłaj i pobieraj faktury:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="77"/>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="78"/>
        <source>Watched outbox folder</source>
        <translation>Obserwowany folder do wysyłki</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="84"/>
        <source>Watched outbox folder:</source>
        <translation>Obserwowany folder do wysyłki:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="87"/>
        <source>FA(3) files saved there by your invoicing program are sent automatically; processed files move to its subfolders “zaimportowane” and “odrzucone”.</source>
        <translation>Pliki FA(3) zapisane tam przez Twój program do fakturowania są wysyłane automatycznie; przetworzone pliki trafiają do jego podfolderów „zaimportowane” i „odrzucone”.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96"/>
        <source>VAT White List address</source>
        <translation>Adres Białej listy VAT</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source>VAT White List address:</source>
        <translation>Adres Białej listy VAT:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="103"/>
        <source>Check for updates when KSeF Desk starts (it never installs anything)</source>
        <translation>Sprawdzaj aktualizacje przy uruchomieniu KSeF Desk (program niczego sam nie instaluje)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="109"/>
        <source>Update feed address</source>
        <translation>Adres kanału aktualizacji</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="110"/>
        <source>Update feed address:</source>
        <translation>Adres kanału aktualizacji:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="117"/>
        <source>Secrets are kept in:</source>
        <translation>Sekrety są przechowywane w:</translation>
    </message>
</context>
<context>
    <name>SetupFor2027</name>
    <message>
        <location filename="../../ui/setup_2027.py" line="77"/>
        <source>Get %1 ready for 2027</source>
        <translation>Przygotuj %1 na 2027</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="79"/>
        <source>One signature, and the company is ready for 2027</source>
        <translation>Jeden podpis i firma jest gotowa na 2027</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="82"/>
        <source>Sign once with your qualified signature (a file signed in your program, your card, or a certificate file). KSeF then gives %1 its own KSeF certificates, and KSeF Desk logs in with them by itself: no card and no token needed any more.</source>
        <translation>Podpisz raz podpisem kwalifikowanym (plik podpisany w Twoim programie, karta albo plik certyfikatu). KSeF wyda wtedy firmie %1 jej własne certyfikaty KSeF, a KSeF Desk będzie się nimi logować sam: karta ani token nie będą już potrzebne.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="95"/>
        <source>Continue</source>
        <translation>Dalej</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="63"/>
        <location filename="../../ui/shortcuts_dialog.py" line="67"/>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiszowe</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="66"/>
        <source>Action</source>
        <translation>Działanie</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="66"/>
        <source>Keys</source>
        <translation>Klawisze</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="66"/>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="79"/>
        <source>In the companies list, the right mouse button, Shift+F10 or the Menu key opens the company's actions. Ctrl+Tab moves to the next tab; Tab and Shift+Tab move between the fields.</source>
        <translation>Na liście firm prawy przycisk myszy, Shift+F10 lub klawisz menu otwiera działania dla firmy. Ctrl+Tab przechodzi do następnej zakładki; Tab i Shift+Tab przechodzą między polami.</translation>
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
        <location filename="../../ui/sign_file_dialog.py" line="63"/>
        <location filename="../../ui/sign_file_dialog.py" line="142"/>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="69"/>
        <source>Signature card or token (PKCS#11)</source>
        <translation>Karta z podpisem lub token (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="70"/>
        <source>Certificate file (.p12/.pfx or PEM)</source>
        <translation>Plik certyfikatu (.p12/.pfx lub PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="82"/>
        <source>Sign and save…</source>
        <translation>Podpisz i zapisz…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="85"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="106"/>
        <source>Card driver (PKCS#11 module)</source>
        <translation>Sterownik karty (moduł PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="109"/>
        <source>Other driver…</source>
        <translation>Inny sterownik…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="115"/>
        <source>Certificate on the card</source>
        <translation>Certyfikat na karcie</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="116"/>
        <source>Read the card</source>
        <translation>Odczytaj kartę</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="123"/>
        <location filename="../../ui/sign_file_dialog.py" line="127"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="124"/>
        <source>used for this signature only, never stored</source>
        <translation>użyty tylko do tego podpisu, nigdy nie zapisywany</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="125"/>
        <source>Driver</source>
        <translation>Sterownik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="126"/>
        <location filename="../../ui/sign_file_dialog.py" line="139"/>
        <source>Certificate</source>
        <translation>Certyfikat</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="135"/>
        <source>only for a PEM certificate with a separate key</source>
        <translation>tylko dla certyfikatu PEM z osobnym kluczem</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="138"/>
        <location filename="../../ui/sign_file_dialog.py" line="146"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="139"/>
        <source>Key</source>
        <translation>Klucz</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="62"/>
        <location filename="../../ui/sign_file_dialog.py" line="151"/>
        <source>The file to sign</source>
        <translation>Plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="151"/>
        <source>XML (*.xml);;All files (*)</source>
        <translation>XML (*.xml);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="156"/>
        <source>Card driver</source>
        <translation>Sterownik karty</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="156"/>
        <source>PKCS#11 module (*.so *.dll *.dylib)</source>
        <translation>Moduł PKCS#11 (*.so *.dll *.dylib)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="162"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="162"/>
        <source>All files (*)</source>
        <translation>Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="172"/>
        <source>Reading the card…</source>
        <translation>Odczytuję kartę…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="183"/>
        <source>Certificates on the card: %1</source>
        <translation>Certyfikaty na karcie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="185"/>
        <source>The card holds no certificate.</source>
        <translation>Na karcie nie ma certyfikatu.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="192"/>
        <source>Choose the file to sign first.</source>
        <translation>Najpierw wybierz plik do podpisu.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="195"/>
        <source>Save the signed file</source>
        <translation>Zapisz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="202"/>
        <source>Signing…</source>
        <translation>Podpisuję…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_file_dialog.py" line="236"/>
        <source>Signed and saved: %1. Upload it in the wizard on the computer that runs KSeF Desk.</source>
        <translation>Podpisano i zapisano: %1. Prześlij go w kreatorze na komputerze z KSeF Desk.</translation>
    </message>
</context>
<context>
    <name>SignatureDoctorDialog</name>
    <message>
        <location filename="../../ui/signature_doctor.py" line="11"/>
        <source>Help with signing software</source>
        <translation>Pomoc: programy do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="14"/>
        <source>Which program do you sign with?</source>
        <translation>W jakim programie podpisujesz?</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="24"/>
        <source>What to choose in that program</source>
        <translation>Co wybrać w tym programie</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="38"/>
        <source>Then upload the file the program saved (usually ending in .xml or .xades), exactly as saved: do not open and save it again in a text editor, which changes it and breaks the signature.</source>
        <translation>Potem prześlij plik zapisany przez program (zwykle z końcówką .xml lub .xades) dokładnie taki, jaki zapisał: nie otwieraj go i nie zapisuj ponownie w edytorze tekstu, bo to go zmienia i psuje podpis.</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="45"/>
        <source>Choose “Podpisz”, pick the file, format &lt;b&gt;XAdES&lt;/b&gt;, signature type &lt;b&gt;otaczany&lt;/b&gt; (enveloped), not “zewnętrzny” (detached). Keep the encoding UTF-8.</source>
        <translation>Wybierz „Podpisz”, wskaż plik, format &lt;b&gt;XAdES&lt;/b&gt;, rodzaj podpisu &lt;b&gt;otaczany&lt;/b&gt;, nie „zewnętrzny”. Zostaw kodowanie UTF-8.</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="54"/>
        <source>Add the file, choose format &lt;b&gt;XAdES&lt;/b&gt; and signature type &lt;b&gt;otaczający / wewnętrzny&lt;/b&gt;. Leave “Dołącz certyfikat” switched on.</source>
        <translation>Dodaj plik, wybierz format &lt;b&gt;XAdES&lt;/b&gt; i rodzaj podpisu &lt;b&gt;otaczający / wewnętrzny&lt;/b&gt;. Zostaw włączone „Dołącz certyfikat”.</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="63"/>
        <source>Choose &lt;b&gt;XAdES&lt;/b&gt;, &lt;b&gt;podpis otaczany&lt;/b&gt; (enveloped); do not choose PAdES (PDF) or CAdES (.p7s).</source>
        <translation>Wybierz &lt;b&gt;XAdES&lt;/b&gt;, &lt;b&gt;podpis otaczany&lt;/b&gt;; nie wybieraj PAdES (PDF) ani CAdES (.p7s).</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="72"/>
        <source>Choose &lt;b&gt;XAdES&lt;/b&gt; and a &lt;b&gt;wewnętrzny&lt;/b&gt; (enveloped) signature; keep the certificate in it.</source>
        <translation>Wybierz &lt;b&gt;XAdES&lt;/b&gt; i podpis &lt;b&gt;wewnętrzny&lt;/b&gt; (otaczany); zostaw w nim certyfikat.</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="79"/>
        <source>Choose format &lt;b&gt;XAdES&lt;/b&gt;, signature placement &lt;b&gt;wewnątrz dokumentu&lt;/b&gt; (enveloped).</source>
        <translation>Wybierz format &lt;b&gt;XAdES&lt;/b&gt; i umieszczenie podpisu &lt;b&gt;wewnątrz dokumentu&lt;/b&gt; (otaczany).</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="86"/>
        <source>On gov.pl open “Podpisz dokument elektronicznie”, add the file, choose “Podpisz podpisem zaufanym”, confirm, then “Pobierz” to download the signed file. The person who signs must have KSeF permissions for the company (the owner of a sole proprietorship has them).</source>
        <translation>Na gov.pl otwórz „Podpisz dokument elektronicznie”, dodaj plik, wybierz „Podpisz podpisem zaufanym”, potwierdź, a potem „Pobierz”, aby pobrać podpisany plik. Osoba podpisująca musi mieć w KSeF uprawnienia do firmy (właściciel jednoosobowej działalności je ma).</translation>
    </message>
    <message>
        <location filename="../../ui/signature_doctor.py" line="94"/>
        <source>Sign with the eDO App on a phone with NFC or a card reader: choose &lt;b&gt;XAdES&lt;/b&gt; and an &lt;b&gt;enveloped&lt;/b&gt; (wewnętrzny) signature. The e-dowód's signing certificate must be active.</source>
        <translation>Podpisz aplikacją eDO App na telefonie z NFC albo czytnikiem: wybierz &lt;b&gt;XAdES&lt;/b&gt; i podpis &lt;b&gt;otaczany&lt;/b&gt; (wewnętrzny). Certyfikat podpisu osobistego w e-dowodzie musi być aktywny.</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/setup_2027.py" line="386"/>
        <source>%1 is ready for 2027</source>
        <translation>%1 jest gotowa na 2027</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="389"/>
        <source>Summary</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="400"/>
        <source>You signed in with your signature.</source>
        <translation>Zalogowano Twoim podpisem.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="404"/>
        <source>%1 logs in by itself with its KSeF certificate (valid until %2).</source>
        <translation>%1 loguje się sama swoim certyfikatem KSeF (ważnym do %2).</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="412"/>
        <source>Invoices issued offline get the second QR code (Offline certificate, valid until %1).</source>
        <translation>Faktury wystawiane offline dostają drugi kod QR (certyfikat Offline, ważny do %1).</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="418"/>
        <source>Backup of the keys saved in %1 (%2 files).</source>
        <translation>Kopia zapasowa kluczy zapisana w %1 (pliki: %2).</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="423"/>
        <source>No backup of the keys yet: save it later on the “Ready for 2027” page.</source>
        <translation>Nie ma jeszcze kopii zapasowej kluczy: zapisz ją później na karcie „Gotowość na 2027”.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="425"/>
        <source>The KSeF token is revoked.</source>
        <translation>Token KSeF jest unieważniony.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="428"/>
        <source>The KSeF token is kept; you can revoke it later on the “Ready for 2027” page.</source>
        <translation>Token KSeF został zachowany; możesz go unieważnić później na karcie „Gotowość na 2027”.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_2027.py" line="431"/>
        <source>KSeF Desk renews the certificates by itself 30 days before they end, while they still log in: no new signature is needed.</source>
        <translation>KSeF Desk sam odnawia certyfikaty 30 dni przed końcem ich ważności, póki jeszcze logują: nowy podpis nie jest potrzebny.</translation>
    </message>
</context>
<context>
    <name>SystemNoticeBar</name>
    <message>
        <location filename="../../ui/system_notice.py" line="37"/>
        <source>Message from KSeF</source>
        <translation>Komunikat KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/system_notice.py" line="45"/>
        <source>Dismiss</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../ui/system_notice.py" line="46"/>
        <source>Hides KSeF's message; it is not shown again</source>
        <translation>Ukrywa komunikat KSeF; nie pojawi się ponownie</translation>
    </message>
    <message>
        <location filename="../../ui/system_notice.py" line="67"/>
        <source>Message from KSeF:</source>
        <translation>Komunikat KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/system_notice.py" line="72"/>
        <source>Message from KSeF: %1</source>
        <translation>Komunikat KSeF: %1</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <location filename="../../ui/today_view.py" line="89"/>
        <source>Today</source>
        <translation>Dziś</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="91"/>
        <source>This company</source>
        <translation>Ta firma</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="92"/>
        <source>Only the company selected in the Companies tab</source>
        <translation>Tylko firma wybrana na karcie Firmy</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="93"/>
        <source>All companies</source>
        <translation>Wszystkie firmy</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="108"/>
        <source>Last and next sync</source>
        <translation>Ostatnia i następna synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="109"/>
        <location filename="../../ui/today_view.py" line="358"/>
        <source>Sync now</source>
        <translation>Synchronizuj teraz</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="110"/>
        <source>Send what waits and receive new invoices now</source>
        <translation>Wyślij oczekujące i odbierz nowe faktury teraz</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="124"/>
        <source>Nothing needs doing today</source>
        <translation>Dziś nie ma nic do zrobienia</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="136"/>
        <source>What needs doing</source>
        <translation>Co jest do zrobienia</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="179"/>
        <source>Looking at what needs doing…</source>
        <translation>Sprawdzam, co jest do zrobienia…</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="239"/>
        <source>Last sync: none yet</source>
        <translation>Ostatnia synchronizacja: jeszcze żadnej</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="241"/>
        <source>Last sync: %1</source>
        <translation>Ostatnia synchronizacja: %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="243"/>
        <source>Syncing now…</source>
        <translation>Trwa synchronizacja…</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="245"/>
        <source>Automatic sync is off</source>
        <translation>Automatyczna synchronizacja wyłączona</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="248"/>
        <source>Next sync in %1</source>
        <translation>Następna synchronizacja za %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="249"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="259"/>
        <source>No companies yet: add one (Company ▸ Add company…) and this page shows what it needs.</source>
        <translation>Nie ma jeszcze firm: dodaj firmę (Firma ▸ Dodaj firmę…), a ta strona pokaże, czego potrzebuje.</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="264"/>
        <source>A sync is under way; anything it brings shows here.</source>
        <translation>Trwa synchronizacja; wszystko, co przyniesie, pojawi się tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="267"/>
        <source>The next sync is in %1; “Sync now” fetches new invoices at once.</source>
        <translation>Następna synchronizacja za %1; „Synchronizuj teraz” od razu pobierze nowe faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="271"/>
        <source>Automatic sync is off: “Sync now” fetches new invoices.</source>
        <translation>Automatyczna synchronizacja jest wyłączona: „Synchronizuj teraz” pobierze nowe faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="274"/>
        <source>Nothing needs doing today.</source>
        <translation>Dziś nie ma nic do zrobienia.</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="339"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="346"/>
        <source>today</source>
        <translation>dziś</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="348"/>
        <source>tomorrow</source>
        <translation>jutro</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="353"/>
        <source>Show new invoices</source>
        <translation>Pokaż nowe faktury</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="354"/>
        <source>Send now</source>
        <translation>Wyślij teraz</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="355"/>
        <source>Sign in again…</source>
        <translation>Zaloguj ponownie…</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="356"/>
        <source>Open credentials…</source>
        <translation>Otwórz poświadczenia…</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="357"/>
        <source>Open readiness</source>
        <translation>Otwórz gotowość na 2027</translation>
    </message>
</context>
<context>
    <name>TokenPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="619"/>
        <location filename="../../ui/wizard.py" line="623"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="624"/>
        <source>Paste the KSeF token:</source>
        <translation>Wklej token KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="626"/>
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
        <location filename="../../ui/tray.py" line="91"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="99"/>
        <source>Open KSeF Desk</source>
        <translation>Otwórz KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="100"/>
        <source>Check connections now</source>
        <translation>Sprawdź połączenia teraz</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="101"/>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="111"/>
        <source>%1 needs to be authorized again</source>
        <translation>%1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="119"/>
        <source>New purchase invoices: %1</source>
        <translation>Nowe faktury zakupowe: %1</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="120"/>
        <source>%1 received %2 new purchase invoices from KSeF.</source>
        <translation>%1 otrzymała z KSeF nowe faktury zakupowe: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="127"/>
        <source>%1: KSeF certificate renewed</source>
        <translation>%1: odnowiono certyfikat KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="128"/>
        <source>The new certificate %1 logs the company in from now on; nothing for you to do.</source>
        <translation>Od teraz firma loguje się nowym certyfikatem %1; nic nie musisz robić.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="136"/>
        <source>Credentials expire soon: %1</source>
        <translation>Wkrótce wygasają poświadczenia: %1</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="137"/>
        <source>%1 (+%2)</source>
        <translation>%1 (+%2)</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="144"/>
        <source>KSeF Desk keeps running</source>
        <translation>KSeF Desk działa dalej</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="146"/>
        <source>It keeps logins fresh and receives invoices in the background. To end it, choose Quit in this icon's menu or in the window's Company menu.</source>
        <translation>Odświeża logowania i odbiera faktury w tle. Aby go zakończyć, wybierz „Zakończ” w menu tej ikony albo w menu „Firma” okna.</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <location filename="../../ui/update_dialog.py" line="77"/>
        <source>Check for updates</source>
        <translation>Sprawdź aktualizacje</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="83"/>
        <source>Update status</source>
        <translation>Stan aktualizacji</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="90"/>
        <source>Checking for updates</source>
        <translation>Sprawdzanie aktualizacji</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="96"/>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="100"/>
        <source>What is new</source>
        <translation>Co nowego</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="105"/>
        <source>Try again</source>
        <translation>Spróbuj ponownie</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="106"/>
        <source>Check for updates again</source>
        <translation>Sprawdź aktualizacje ponownie</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="108"/>
        <source>Open download page</source>
        <translation>Otwórz stronę pobierania</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="109"/>
        <source>Open the download page in the browser</source>
        <translation>Otwórz stronę pobierania w przeglądarce</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="111"/>
        <location filename="../../ui/update_dialog.py" line="112"/>
        <source>Later</source>
        <translation>Później</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="114"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="115"/>
        <source>Cancel the check</source>
        <translation>Przerwij sprawdzanie</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="117"/>
        <location filename="../../ui/update_dialog.py" line="118"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="149"/>
        <source>Checking for updates…</source>
        <translation>Sprawdzanie aktualizacji…</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="150"/>
        <source>KSeF Desk asks its signed release feed whether there is a newer version.</source>
        <translation>KSeF Desk pyta swój podpisany kanał wydań, czy jest nowsza wersja.</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="166"/>
        <source>You have the newest version (%1).</source>
        <translation>Masz najnowszą wersję (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="172"/>
        <source>Version %1 is available</source>
        <translation>Dostępna jest wersja %1</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="175"/>
        <source>You have version %1. Released on %2. The download page opens in your browser; install it yourself when you are ready. SHA-256 of the file: %3</source>
        <translation>Masz wersję %1. Wydana %2. Strona pobierania otworzy się w przeglądarce; zainstaluj ją sam, kiedy zechcesz. SHA-256 pliku: %3</translation>
    </message>
    <message>
        <location filename="../../ui/update_dialog.py" line="196"/>
        <source>Could not check for updates</source>
        <translation>Nie udało się sprawdzić aktualizacji</translation>
    </message>
</context>
<context>
    <name>UploadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="409"/>
        <source>Upload the signed file</source>
        <translation>Prześlij podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="415"/>
        <source>Choose the signed file…</source>
        <translation>Wybierz podpisany plik…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="417"/>
        <source>Sign here with my signature card…</source>
        <translation>Podpisz tutaj moją kartą…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="419"/>
        <source>KSeF Desk signs the file with your card (PKCS#11): no signing software, no copying files</source>
        <translation>KSeF Desk podpisze plik Twoją kartą (PKCS#11): bez programu do podpisu i bez kopiowania plików</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="427"/>
        <source>…or drop the signed file here</source>
        <translation>…albo upuść tutaj podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="431"/>
        <source>Watch a folder for the signed file (e.g. a USB stick)</source>
        <translation>Obserwuj folder, w którym pojawi się podpisany plik (np. pendrive)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="436"/>
        <source>Result of the signature check</source>
        <translation>Wynik sprawdzenia podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="439"/>
        <source>Send to KSeF anyway</source>
        <translation>Wyślij mimo to do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="440"/>
        <source>KSeF checks the signature itself and says plainly if it refuses it</source>
        <translation>KSeF sam sprawdzi podpis i jasno powie, jeśli go odrzuci</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="481"/>
        <source>Choose the signed file</source>
        <translation>Wybierz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="481"/>
        <source>Signed XML (*.xml *.xades *.XML);;All files (*)</source>
        <translation>Podpisany XML (*.xml *.xades *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="490"/>
        <source>Folder to watch</source>
        <translation>Folder do obserwowania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="496"/>
        <source>Watching %1 for the signed file</source>
        <translation>Obserwowany folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="509"/>
        <source>Checking the signature…</source>
        <translation>Sprawdzanie podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="521"/>
        <source>The file is correctly signed (%1). You can send it to KSeF.</source>
        <translation>Plik jest poprawnie podpisany (%1). Możesz wysłać go do KSeF.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="532"/>
        <source>KSeF may still accept it: you can send it and KSeF will decide.</source>
        <translation>KSeF może go mimo to przyjąć: możesz go wysłać, a KSeF zdecyduje.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="549"/>
        <source>It was signed with a certificate of another company (NIP %1): KSeF lets it in only if that company has permissions in the context of NIP %2.</source>
        <translation>Podpisano certyfikatem innej firmy (NIP %1): KSeF wpuści go tylko wtedy, gdy ta firma ma uprawnienia w kontekście NIP %2.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="562"/>
        <source>It will be sent as it is: KSeF's own answer follows.</source>
        <translation>Plik zostanie wysłany bez zmian: odpowiedź KSeF pojawi się dalej.</translation>
    </message>
</context>
</TS>
<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AuthWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="576"/>
        <source>Authorize a company with KSeF</source>
        <translation>Logowanie firmy do KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="641"/>
        <source>Save the file to sign</source>
        <translation>Zapisz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="641"/>
        <source>XML (*.xml)</source>
        <translation>XML (*.xml)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="725"/>
        <source>Done: later logins renew automatically, without your card.</source>
        <translation>Gotowe: kolejne logowania odnowią się automatycznie, bez karty.</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="438"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="444"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="445"/>
        <source>Key file (PEM, optional)</source>
        <translation>Plik klucza (PEM, opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="446"/>
        <source>Key password</source>
        <translation>Hasło klucza</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="448"/>
        <source>Certificate (.p12, .pfx, .pem):</source>
        <translation>Certyfikat (.p12, .pfx, .pem):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="449"/>
        <source>Key (PEM, if separate):</source>
        <translation>Klucz (PEM, jeśli osobno):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="453"/>
        <source>Browse…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="457"/>
        <source>Password:</source>
        <translation>Hasło:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="458"/>
        <source>The password is used only now and is not stored.</source>
        <translation>Hasło jest używane tylko teraz i nie jest zapisywane.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="463"/>
        <source>Choose a file</source>
        <translation>Wybierz plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="463"/>
        <source>Certificates (*.p12 *.pfx *.pem *.crt *.key);;All files (*)</source>
        <translation>Certyfikaty (*.p12 *.pfx *.pem *.crt *.key);;Wszystkie pliki (*)</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="219"/>
        <source>Which company?</source>
        <translation>Która firma?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="223"/>
        <source>Company NIP</source>
        <translation>NIP firmy</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="227"/>
        <source>Company name (optional)</source>
        <translation>Nazwa firmy (opcjonalnie)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="229"/>
        <source>NIP:</source>
        <translation>NIP:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="231"/>
        <source>Name (optional):</source>
        <translation>Nazwa (opcjonalnie):</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="247"/>
        <source>Correct NIP</source>
        <translation>Poprawny NIP</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/company_model.py" line="52"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="53"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="54"/>
        <source>Environment</source>
        <translation>Środowisko</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="55"/>
        <source>Login method</source>
        <translation>Logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="56"/>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="57"/>
        <source>Login valid for</source>
        <translation>Ważne jeszcze</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="58"/>
        <source>Last sync</source>
        <translation>Synchronizacja</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="61"/>
        <source>Not authorized</source>
        <translation>Niezalogowana</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="62"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="63"/>
        <source>Re-authorization needed</source>
        <translation>Wymaga ponownego logowania</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="64"/>
        <source>KSeF unavailable</source>
        <translation>KSeF niedostępny</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="67"/>
        <source>Qualified signature</source>
        <translation>Podpis kwalifikowany</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="68"/>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="69"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/company_model.py" line="137"/>
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
        <location filename="../../ui/wizard.py" line="279"/>
        <source>Get a new file to sign</source>
        <translation>Pobierz nowy plik do podpisu</translation>
    </message>
</context>
<context>
    <name>DownloadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="289"/>
        <source>Download the file to sign</source>
        <translation>Pobierz plik do podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="294"/>
        <source>1. Download the file and save it where your signing software can open it.&lt;br&gt;2. Sign it with your qualified signature in the &lt;b&gt;XAdES&lt;/b&gt; format, as an &lt;b&gt;enveloped&lt;/b&gt; (internal) signature, not a detached one or a PDF.&lt;br&gt;3. Upload the signed file on the next page before the time runs out.</source>
        <translation>1. Pobierz plik i zapisz go tam, gdzie otworzy go program do podpisu.&lt;br&gt;2. Podpisz go podpisem kwalifikowanym w formacie &lt;b&gt;XAdES&lt;/b&gt; jako podpis &lt;b&gt;otaczany&lt;/b&gt; (wewnętrzny), nie zewnętrzny ani PDF.&lt;br&gt;3. Prześlij podpisany plik na następnej stronie, zanim minie czas.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="301"/>
        <source>Signing software from: %1</source>
        <translation>Programy do podpisu: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="302"/>
        <source>Download the file to sign…</source>
        <translation>Pobierz plik do podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="318"/>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="150"/>
        <source>Which KSeF environment?</source>
        <translation>Które środowisko KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="155"/>
        <source>Local sandbox</source>
        <translation>Lokalna piaskownica</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="156"/>
        <source>Try everything on this computer, without a KSeF account. Nothing is sent to the Ministry.</source>
        <translation>Wypróbuj wszystko na tym komputerze, bez konta w KSeF. Nic nie trafia do Ministerstwa.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="159"/>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="161"/>
        <source>The Ministry's test environment; accepts self-signed certificates. Never use real data there.</source>
        <translation>Środowisko testowe Ministerstwa; przyjmuje certyfikaty samodzielnie wystawione. Nigdy nie używaj tam prawdziwych danych.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="165"/>
        <source>DEMO (pre-production)</source>
        <translation>DEMO (przedprodukcyjne)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="166"/>
        <source>Final checks on a copy of production, with real signatures.</source>
        <translation>Ostatnie sprawdzenie na kopii produkcji, z prawdziwymi podpisami.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="168"/>
        <source>PRODUCTION</source>
        <translation>PRODUKCJA</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="168"/>
        <source>Legally binding invoices.</source>
        <translation>Faktury wiążące prawnie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="185"/>
        <source>&lt;b&gt;Production is irreversible.&lt;/b&gt; The first invoice sent to KSeF obliges the company to send all later invoices through KSeF, and sent invoices can never be deleted, only corrected.</source>
        <translation>&lt;b&gt;Produkcja jest nieodwracalna.&lt;/b&gt; Pierwsza faktura wysłana do KSeF zobowiązuje firmę do wysyłania przez KSeF wszystkich kolejnych faktur, a wysłanych faktur nie można usunąć, tylko skorygować.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="192"/>
        <source>I understand and want to use PRODUCTION</source>
        <translation>Rozumiem i chcę użyć PRODUKCJI</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="54"/>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>Details of the selected company</source>
        <translation>Szczegóły wybranej firmy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Data folder: %1</source>
        <translation>Folder danych: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Welcome to KSeF Desk</source>
        <translation>Witaj w KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>KSeF Desk connects your companies to KSeF, the national e-invoicing system.
No company has been added yet. You can try everything without a KSeF account
in the local sandbox, which behaves like KSeF on this computer.</source>
        <translation>KSeF Desk łączy Twoje firmy z Krajowym Systemem e-Faktur.
Nie dodano jeszcze żadnej firmy. Możesz wypróbować wszystko bez konta w KSeF
w lokalnej piaskownicy, która działa jak KSeF na tym komputerze.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>Try the local sandbox</source>
        <translation>Wypróbuj lokalną piaskownicę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>Adds a demonstration company in the local sandbox</source>
        <translation>Dodaje firmę demonstracyjną w lokalnej piaskownicy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105"/>
        <source>Add a company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>Actions</source>
        <translation>Działania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Add company…</source>
        <translation>Dodaj firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>Authorize again…</source>
        <translation>Zaloguj ponownie…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Log out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Switch environment…</source>
        <translation>Zmień środowisko…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Remove company…</source>
        <translation>Usuń firmę…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135"/>
        <source>Receive invoices</source>
        <translation>Odbierz faktury</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>Check connections</source>
        <translation>Sprawdź połączenia</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>Open data folder</source>
        <translation>Otwórz folder danych</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>Select a company to see its connection details.</source>
        <translation>Wybierz firmę, aby zobaczyć szczegóły połączenia.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>Connection: %1</source>
        <translation>Połączenie: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>Login valid until %1</source>
        <translation>Logowanie ważne do %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>renews automatically</source>
        <translation>odnawia się automatycznie</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>Remove company</source>
        <translation>Usuń firmę</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>Remove %1 (NIP %2) from KSeF Desk? Its login here is closed and forgotten. Invoices in KSeF are not affected.</source>
        <translation>Usunąć %1 (NIP %2) z KSeF Desk? Logowanie firmy zostanie tu zamknięte i zapomniane. Faktury w KSeF pozostaną bez zmian.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>Switch environment</source>
        <translation>Zmiana środowiska</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="283"/>
        <source>A company works in one KSeF environment at a time. Switching removes %1 here and authorizes it again in the environment you choose. Remember: on PRODUCTION the first invoice sent obliges the company to send all later ones there, and sent invoices can only be corrected, never deleted.</source>
        <translation>Firma pracuje w jednym środowisku KSeF naraz. Zmiana usunie tu %1 i zaloguje ją ponownie w wybranym środowisku. Pamiętaj: na PRODUKCJI pierwsza wysłana faktura zobowiązuje firmę do wysyłania tam wszystkich kolejnych, a wysłane faktury można tylko korygować, nigdy usunąć.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Receiving invoices of %1…</source>
        <translation>Odbieranie faktur firmy %1…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>%1: new invoices: %2</source>
        <translation>%1: nowe faktury: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="313"/>
        <source>Company %1 needs to be authorized again</source>
        <translation>Firma %1 wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>Starting the local sandbox…</source>
        <translation>Uruchamianie lokalnej piaskownicy…</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="98"/>
        <source>How do you want to log in to KSeF?</source>
        <translation>Jak chcesz zalogować się do KSeF?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="104"/>
        <source>Qualified electronic signature</source>
        <translation>Kwalifikowany podpis elektroniczny</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="106"/>
        <source>For the first login or when you sign with a card: you download a file, sign it in your signing software and upload it here.</source>
        <translation>Przy pierwszym logowaniu lub gdy podpisujesz kartą: pobierasz plik, podpisujesz go w programie do podpisu i przesyłasz tutaj.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="112"/>
        <source>Certificate file on this computer</source>
        <translation>Plik certyfikatu na tym komputerze</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="114"/>
        <source>A .p12/.pfx or PEM certificate with its key (for example a KSeF certificate): KSeF Desk signs for you.</source>
        <translation>Certyfikat .p12/.pfx lub PEM z kluczem (np. certyfikat KSeF): KSeF Desk podpisze za Ciebie.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="120"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="122"/>
        <source>A token created in KSeF or by KSeF Desk after a signature login; logins then renew automatically.</source>
        <translation>Token utworzony w KSeF lub przez KSeF Desk po logowaniu podpisem; logowanie odnawia się wtedy samo.</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="502"/>
        <location filename="../../ui/wizard.py" line="528"/>
        <source>KSeF is checking your login</source>
        <translation>KSeF sprawdza logowanie</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="506"/>
        <source>Waiting for KSeF</source>
        <translation>Oczekiwanie na KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="509"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="511"/>
        <source>Create a KSeF token for automatic renewal</source>
        <translation>Utwórz token KSeF do automatycznego odnawiania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="527"/>
        <source>Sending to KSeF and waiting for it to verify the login…</source>
        <translation>Wysyłanie do KSeF i oczekiwanie na sprawdzenie logowania…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="534"/>
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="536"/>
        <source>&lt;b&gt;%1 is connected to KSeF.&lt;/b&gt; Invoices can now be sent and received.</source>
        <translation>&lt;b&gt;%1 jest połączona z KSeF.&lt;/b&gt; Można już wysyłać i odbierać faktury.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="541"/>
        <source>A signature login lasts up to 7 days. A KSeF token lets KSeF Desk renew it without your card.</source>
        <translation>Logowanie podpisem działa do 7 dni. Token KSeF pozwoli KSeF Desk odnawiać je bez karty.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="550"/>
        <source>Not connected</source>
        <translation>Brak połączenia</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="23"/>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="29"/>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="30"/>
        <source>Language:</source>
        <translation>Język:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="31"/>
        <source>A new language applies after restarting KSeF Desk.</source>
        <translation>Nowy język zacznie obowiązywać po ponownym uruchomieniu KSeF Desk.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="32"/>
        <source>Closing the window keeps KSeF Desk running in the system tray</source>
        <translation>Zamknięcie okna pozostawia KSeF Desk działający w zasobniku systemowym</translation>
    </message>
</context>
<context>
    <name>TokenPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="478"/>
        <location filename="../../ui/wizard.py" line="482"/>
        <source>KSeF token</source>
        <translation>Token KSeF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="484"/>
        <source>Paste the KSeF token:</source>
        <translation>Wklej token KSeF:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="486"/>
        <source>Remember the token to renew the login automatically</source>
        <translation>Zapamiętaj token, aby logowanie odnawiało się automatycznie</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="59"/>
        <source>not authorized</source>
        <translation>niezalogowana</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="60"/>
        <source>connected</source>
        <translation>połączona</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="61"/>
        <source>needs authorizing again</source>
        <translation>wymaga ponownego zalogowania</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="62"/>
        <source>KSeF unavailable</source>
        <translation>KSeF niedostępny</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="82"/>
        <source>%1 companies need attention</source>
        <translation>firmy wymagające uwagi: %1</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="84"/>
        <source>all connections in order</source>
        <translation>wszystkie połączenia w porządku</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="97"/>
        <source>Open KSeF Desk</source>
        <translation>Otwórz KSeF Desk</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="98"/>
        <source>Check connections now</source>
        <translation>Sprawdź połączenia teraz</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="99"/>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="109"/>
        <source>%1 needs to be authorized again</source>
        <translation>%1 wymaga ponownego zalogowania</translation>
    </message>
</context>
<context>
    <name>UploadPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="338"/>
        <source>Upload the signed file</source>
        <translation>Prześlij podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="344"/>
        <source>Choose the signed file…</source>
        <translation>Wybierz podpisany plik…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="347"/>
        <source>…or drop the signed file here</source>
        <translation>…albo upuść tutaj podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="351"/>
        <source>Watch a folder for the signed file (e.g. a USB stick)</source>
        <translation>Obserwuj folder, w którym pojawi się podpisany plik (np. pendrive)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="356"/>
        <source>Result of the signature check</source>
        <translation>Wynik sprawdzenia podpisu</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="373"/>
        <source>Choose the signed file</source>
        <translation>Wybierz podpisany plik</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="373"/>
        <source>Signed XML (*.xml *.xades *.XML);;All files (*)</source>
        <translation>Podpisany XML (*.xml *.xades *.XML);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="382"/>
        <source>Folder to watch</source>
        <translation>Folder do obserwowania</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="388"/>
        <source>Watching %1 for the signed file</source>
        <translation>Obserwowany folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="401"/>
        <source>Checking the signature…</source>
        <translation>Sprawdzanie podpisu…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="411"/>
        <source>The file is correctly signed (%1). You can send it to KSeF.</source>
        <translation>Plik jest poprawnie podpisany (%1). Możesz wysłać go do KSeF.</translation>
    </message>
</context>
</TS>
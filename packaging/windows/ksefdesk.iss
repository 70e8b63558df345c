; Inno Setup 6 script for KSeF Desk: a per-user installation (no administrator rights), Start menu
; entry, uninstaller, Polish and English installer texts. Build steps: packaging/README.md.
#define AppName "KSeF Desk"
#define AppVersion GetEnv("KSEFDESK_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1E4C36-2A55-4D6B-9B0E-6C3F3C1B8A21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=KSeF Desk
DefaultDirName={localappdata}\Programs\KSeF Desk
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=KSeF-Desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=ksefdesk.ico
UninstallDisplayIcon={app}\ksefdesk.exe
CloseApplications=yes

[Languages]
Name: "polish"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
polish.DesktopIcon=Utwórz skrót na pulpicie
english.DesktopIcon=Create a desktop shortcut
polish.Portable=Tryb przenośny (dane obok programu, np. na pendrive)
english.Portable=Portable mode (data beside the program, e.g. on a USB stick)
polish.LaunchApp=Uruchom KSeF Desk
english.LaunchApp=Start KSeF Desk

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
Name: "portable"; Description: "{cm:Portable}"; Flags: unchecked

[Files]
; the PyInstaller one-folder bundle made by: python packaging\build.py (on Windows: see packaging/README.md)
Source: "..\..\dist\ksefdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{app}\KSeF Desk data"; Tasks: portable

[INI]
; the marker file that switches on portable mode (its content does not matter)
Filename: "{app}\portable"; Section: "KSeF Desk"; Key: "mode"; String: "portable"; Tasks: portable

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\ksefdesk.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\ksefdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ksefdesk-cli.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Self-test…"
Filename: "{app}\ksefdesk.exe"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the program's own files only: the user's invoices and settings (in %APPDATA%) stay unless portable
Type: files; Name: "{app}\portable"

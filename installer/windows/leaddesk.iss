; Inno Setup script for LeadDesk on Windows: a per-user install (no
; administrator rights), a Start-menu entry, an optional desktop shortcut and
; an uninstaller; no file associations. Needs Inno Setup 6.3 or later.
;
; Build it on Windows from the repository root, after `make dist`'s bundle
; (the one command is in installer/README.md):
;
;   iscc installer\windows\leaddesk.iss
;
; The version is not written here: it is read from leaddesk.exe, whose version
; resource installer/leaddesk.spec fills from leaddesk/__init__.py.

#define AppExe "leaddesk.exe"
#define Bundle AddBackslash(SourcePath) + "..\..\dist\leaddesk"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\leaddesk\leaddesk.exe is missing or has no version: build the bundle first
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6C0E5B0A-3D1E-4F57-9A34-4C2B7D7E8A51}
AppName=LeadDesk
AppVersion={#AppVersion}
AppVerName=LeadDesk {#AppVersion}
AppPublisher=The LeadDesk developers
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
; With lowest privileges {autopf} is the user's own %LOCALAPPDATA%\Programs.
DefaultDirName={autopf}\LeadDesk
DefaultGroupName=LeadDesk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=no
SetupIconFile={#SourcePath}..\..\build\icons\leaddesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=LeadDesk
OutputDir={#SourcePath}..\..\dist
OutputBaseFilename=LeadDesk-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Closes a running LeadDesk before files are replaced.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\LeadDesk"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,LeadDesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\LeadDesk"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,LeadDesk}"; Flags: nowait postinstall skipifsilent

; The lead database and settings live in the user's data folder, not in {app}:
; uninstalling leaves them, as the README says.

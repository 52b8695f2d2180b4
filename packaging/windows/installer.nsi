; The Windows installer, built offline by scripts/build-windows.sh with Debian's makensis (Tauri's own NSIS
; bundler needs a download, so it is not used). tests/windows/installer.sh installs and uninstalls it under Wine.
;
;   SecondVictimSupport-<version>-windows-installer.exe   install for this Windows account (no administrator rights)
;   ... /ALLUSERS                                         install for every account on the PC (administrators, IT)
;   ... /S                                                silently, for software deployment tools; /D=<folder> last
;   uninstall.exe [/S] [/REMOVEDATA]                      removes the program; the person's bookmarks and settings
;                                                         are kept unless they say so (or /REMOVEDATA is given)
;
; makensis -DVERSION=<x.y.z> -DSRC=<folder with the built files> -DPACKAGING=<packaging/windows> -DICON=<icon.ico>
;          -DOUTFILE=<installer.exe> installer.nsi

; A 64-bit installer for a 64-bit app (and Wine here runs 64-bit programs only).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define APP "Second Victim Support"
!define EXE "SecondVictimSupport.exe"
; Tauri keeps the user database in %LOCALAPPDATA%\<identifier> (src-tauri/tauri.conf.json).
!define IDENTIFIER "uk.secondvictim.companion"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SecondVictimSupport"
!define DEFAULT_USER_DIR "$LOCALAPPDATA\Programs\SecondVictimSupport"

Name "${APP}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "${DEFAULT_USER_DIR}"
Icon "${ICON}"
UninstallIcon "${ICON}"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${APP}"
VIAddVersionKey "LegalCopyright" "MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP} now"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var AllUsers
Var RemoveData

Function .onInit
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "Installing for all users needs administrator rights.$\r$\n$\r$\nRun the installer as an administrator, or without /ALLUSERS to install it for yourself only." /SD IDOK
      SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED
      Quit
    ${EndIf}
    StrCpy $AllUsers 1
    ; Keep a folder given with /D=; otherwise Program Files. (Compared before the context changes what
    ; $LOCALAPPDATA means.)
    ${If} $INSTDIR == "${DEFAULT_USER_DIR}"
      StrCpy $INSTDIR "$PROGRAMFILES64\SecondVictimSupport"
    ${EndIf}
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File "${SRC}\${EXE}"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\companion.exe"
  File "${PACKAGING}\HOW-TO-USE-ON-A-WARD-PC.txt"
  SetOutPath "$INSTDIR\organisation-example"
  File "${PACKAGING}\organisation-example\*.*"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "Guidance and support after a patient safety incident, offline"

  ; Apps & features (SHCTX: HKLM for all users, HKCU for this account).
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "AllUsers" $AllUsers
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  ; Installed for all users when the machine-wide entry points at this folder.
  ReadRegStr $R0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $R0 == $INSTDIR
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
  StrCpy $RemoveData 0
  ${GetParameters} $R1
  ClearErrors
  ${GetOptions} $R1 "/REMOVEDATA" $R2
  ${IfNot} ${Errors}
    StrCpy $RemoveData 1
  ${ElseIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Also remove your bookmarks and settings from this PC?$\r$\n$\r$\nChoose No to keep them for when the app is installed again." IDNO keep
    StrCpy $RemoveData 1
    keep:
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\companion.exe"
  Delete "$INSTDIR\HOW-TO-USE-ON-A-WARD-PC.txt"
  RMDir /r "$INSTDIR\organisation-example"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: a WebView2Runtime folder or an organisation file that IT placed here stays.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ${If} $RemoveData == 1
    ; This account's bookmarks, settings and backups (in the all-users context $LOCALAPPDATA would be
    ; ProgramData); other accounts' data is theirs to remove.
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
  ${EndIf}
SectionEnd

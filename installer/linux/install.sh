#!/bin/sh
# Installs LeadDesk for the current user, from the unpacked tarball:
#
#   ./install.sh               copy the program into ~/.local, add the menu entry and icon
#   ./install.sh --uninstall   remove all of that again (your lead database stays)
#
# The uninstaller is also copied next to the program:
#   ~/.local/lib/leaddesk/install.sh --uninstall
# PREFIX=/some/folder ./install.sh installs elsewhere (default: ~/.local).
set -eu

APP_ID=org.leaddesk.LeadDesk
PREFIX=${PREFIX:-$HOME/.local}
PROGRAM_DIR=$PREFIX/lib/leaddesk
BIN=$PREFIX/bin/leaddesk
SHARE=$PREFIX/share
SIZES="16 24 32 48 64 128 256 512"
HERE=$(cd "$(dirname "$0")" && pwd)

refresh_caches() {
    # Menus and icon themes pick up changes sooner with fresh caches; neither tool is required.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$SHARE/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
    fi
}

uninstall() {
    rm -rf "$PROGRAM_DIR"
    # Only our own link: a leaddesk installed some other way stays.
    if [ -L "$BIN" ]; then rm -f "$BIN"; fi
    rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    for size in $SIZES; do
        rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    rm -f "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    refresh_caches
    echo "LeadDesk is uninstalled. Your leads are still in your data folder."
}

install() {
    if [ ! -x "$HERE/app/leaddesk" ]; then
        echo "install.sh: run me from the unpacked LeadDesk folder (app/leaddesk is missing)." >&2
        exit 1
    fi
    # A clean copy: files of an older version must not linger in the new one.
    rm -rf "$PROGRAM_DIR"
    mkdir -p "$PROGRAM_DIR" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo"
    cp -R "$HERE/app/." "$PROGRAM_DIR/"
    cp "$HERE/install.sh" "$PROGRAM_DIR/install.sh"
    ln -sf "$PROGRAM_DIR/leaddesk" "$BIN"

    # The menu runs the program by its full path: ~/.local/bin is not on
    # every desktop session's PATH. Quoted, as the Desktop Entry spec asks.
    sed "s|^Exec=leaddesk|Exec=\"$PROGRAM_DIR/leaddesk\"|" \
        "$HERE/share/applications/$APP_ID.desktop" >"$SHARE/applications/$APP_ID.desktop"
    cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
    for size in $SIZES; do
        mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
        cp "$HERE/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" \
            "$SHARE/icons/hicolor/${size}x${size}/apps/"
    done
    mkdir -p "$SHARE/icons/hicolor/scalable/apps"
    cp "$HERE/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$SHARE/icons/hicolor/scalable/apps/"
    refresh_caches
    echo "LeadDesk is installed: find it in your applications menu, or run $BIN"
    echo "To remove it: $PROGRAM_DIR/install.sh --uninstall"
}

case "${1:-}" in
"") install ;;
--uninstall) uninstall ;;
*)
    echo "usage: install.sh [--uninstall]" >&2
    exit 2
    ;;
esac

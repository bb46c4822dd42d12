"""``make dist``: builds the LeadDesk bundle for this platform, proves it starts,
and on Linux packs it with its menu entry, metadata, icons and ``install.sh``.

Prints the bundle's size and its start-up times, the figures the release
notes quote. Windows and macOS packaging steps are in installer/README.md.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from leaddesk import __version__  # noqa: E402 - after the path that finds it

APP_ID = "org.leaddesk.LeadDesk"
DIST = ROOT / "dist"
BUNDLE = DIST / "leaddesk"
LINUX = ROOT / "installer" / "linux"
ICONS = ROOT / "build" / "icons"


def check_release_notes() -> None:
    """The AppStream file lists releases newest first; its newest must be this one."""
    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    newest = re.search(r'<release version="([^"]+)"', text)
    if newest is None or newest.group(1) != __version__:
        found = newest.group(1) if newest else "none"
        raise SystemExit(
            f"installer/linux/{APP_ID}.metainfo.xml: the newest release is {found}, but "
            f"leaddesk/__init__.py says {__version__}; add a <release> entry for it."
        )


def build_bundle() -> None:
    subprocess.run(
        [
            *(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"),
            *("--distpath", str(DIST), "--workpath", str(ROOT / "build")),
            str(ROOT / "installer" / "leaddesk.spec"),
        ],
        check=True,
    )


def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def smoke_test(program: Path) -> tuple[float, float]:
    """Runs the bundle as a user would: its version, then the window on a new
    database, offscreen, closed as soon as it is shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEADDESK_QUIT_AFTER_MS": "0"}
    env.pop("LEADDESK_DB", None)
    version_time, out = timed_run([str(program), "--version"], env)
    if out.strip() != f"LeadDesk {__version__}":
        raise SystemExit(f"the bundle says {out.strip()!r}, expected LeadDesk {__version__}")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "leads.db"
        window_time, _ = timed_run([str(program), "--db", str(database)], env)
        if not database.exists():
            raise SystemExit("the bundle's window did not create its database")
    return version_time, window_time


def tarball() -> Path:
    """LeadDesk-VERSION-linux-ARCH.tar.gz: install.sh, app/ and share/."""
    top = f"LeadDesk-{__version__}-linux-{platform.machine()}"
    path = DIST / f"{top}.tar.gz"
    share = {
        f"share/applications/{APP_ID}.desktop": LINUX / f"{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml": LINUX / f"{APP_ID}.metainfo.xml",
    }
    for icon in sorted((ICONS / "hicolor").rglob(f"{APP_ID}.*")):
        share[f"share/icons/{icon.relative_to(ICONS)}"] = icon
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        tar.add(LINUX / "install.sh", f"{top}/install.sh")
        tar.add(BUNDLE, f"{top}/app")
        for name, source in share.items():
            tar.add(source, f"{top}/{name}")
    return path


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    check_release_notes()
    build_bundle()
    program = BUNDLE / ("leaddesk.exe" if sys.platform == "win32" else "leaddesk")
    version_time, window_time = smoke_test(program)
    print(f"LeadDesk {__version__} bundle: {BUNDLE.relative_to(ROOT)}")
    print(f"  size unpacked:      {folder_size(BUNDLE) / 1e6:.1f} MB")
    print(f"  --version:          {version_time:.2f} s")
    print(f"  open and quit:      {window_time:.2f} s (new database, offscreen)")
    if sys.platform.startswith("linux"):
        packed = tarball()
        size = packed.stat().st_size / 1e6
        print(f"  tarball:            {packed.relative_to(ROOT)} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

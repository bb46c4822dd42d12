"""The installers as a user meets them: the bundle `make dist` built starts,
names its version, opens its window on a new database, imports a large file;
the Linux tarball installs into ~/.local with a valid menu entry, AppStream
file and icons, and uninstalls without leftovers.

Slow, and needs `make dist` first: run only with LEADDESK_DIST=1 (`.ci/run` does).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest

from leaddesk import __version__
from leaddesk.store.migrations import scripts

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("LEADDESK_DIST") != "1",
        reason="checks the built installers: `make dist`, then LEADDESK_DIST=1 pytest tests/dist",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "leaddesk"
APP_ID = "org.leaddesk.LeadDesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Qt's offscreen platform says this on every top-level window; it is not a fault.
HARMLESS = ("This plugin does not support propagateSizeHints()",)


@pytest.fixture
def program() -> Path:
    path = BUNDLE / "leaddesk"
    if not path.exists():
        pytest.fail("dist/leaddesk/leaddesk is missing: run `make dist` first")
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user with an empty home, so settings and data land in tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "LEADDESK_", "PYTHON"))
    }
    return {**env, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def run(args: list[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_bundle_names_its_version(program: Path, env: dict[str, str]) -> None:
    done = run([program, "--version"], env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"LeadDesk {__version__}"


def test_the_window_opens_and_closes_on_a_new_database(
    program: Path, env: dict[str, str], tmp_path: Path
) -> None:
    database = tmp_path / "leads.db"

    done = run([program, "--db", database], {**env, "LEADDESK_QUIT_AFTER_MS": "300"})

    assert done.returncode == 0, done.stderr
    complaints = [line for line in done.stderr.splitlines() if line not in HARMLESS]
    assert complaints == []
    # The bundled migrations ran: the new file is at the newest schema.
    with sqlite3.connect(database) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == scripts().get_current_head()


def test_a_large_import_runs_in_worker_processes_of_the_bundle(
    program: Path, env: dict[str, str], tmp_path: Path
) -> None:
    # Above the size at which the import prepares rows in worker processes,
    # which a frozen program must start differently from a script.
    spreadsheet = tmp_path / "fair.csv"
    with spreadsheet.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["First name", "Last name", "Company", "Email", "Phone"])
        for n in range(6_100):
            writer.writerow(
                [f"Ann{n}", "Lee", f"Firm {n}", f"ann{n}@firm.example", f"020 7946 {n:04d}"]
            )
    database = tmp_path / "leads.db"

    done = run([program, "import", spreadsheet, "--db", database, "--region", "GB", "--json"], env)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 6_100
    listed = run([program, "leads", "--db", database, "--search", "Ann6099", "--json"], env)
    (lead,) = json.loads(listed.stdout)
    assert lead["phone"] == "+442079466099"  # phonenumbers' metadata is in the bundle


def test_the_bundle_leaves_out_the_qt_it_does_not_use() -> None:
    files = [path.relative_to(BUNDLE).as_posix() for path in BUNDLE.rglob("*")]
    unused = ("WebEngine", "Qml", "Quick", "Qt63D", "Multimedia", "VirtualKeyboard")

    assert [name for name in files if any(part in name for part in unused)] == []
    # Icons are SVG: without these plugins every toolbar button is blank.
    assert any(name.endswith("iconengines/libqsvgicon.so") for name in files)
    assert any(name.endswith("imageformats/libqsvg.so") for name in files)
    assert any(name.endswith("PySide6/QtCharts.abi3.so") for name in files)


def test_the_tarball_installs_into_local_and_uninstalls(
    tmp_path: Path, env: dict[str, str]
) -> None:
    (tarball,) = (ROOT / "dist").glob(f"LeadDesk-{__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (folder,) = (tmp_path / "unpacked").iterdir()
    local = Path(env["HOME"]) / ".local"

    installed = run(["sh", folder / "install.sh"], env)

    assert installed.returncode == 0, installed.stderr
    desktop = local / "share" / "applications" / f"{APP_ID}.desktop"
    metainfo = local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    icons = local / "share" / "icons" / "hicolor"
    assert f'Exec="{local}/lib/leaddesk/leaddesk"' in desktop.read_text()
    for size in ICON_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png").stat().st_size > 0
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").exists()
    validated = run(["desktop-file-validate", desktop], env)
    assert (validated.returncode, validated.stdout) == (0, ""), validated.stderr
    validated = run(["appstreamcli", "validate", "--no-net", metainfo], env)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    started = run([local / "bin" / "leaddesk", "--version"], env)
    assert started.stdout.strip() == f"LeadDesk {__version__}"

    shutil.rmtree(folder)  # the download is gone; the installed copy uninstalls
    removed = run(["sh", local / "lib" / "leaddesk" / "install.sh", "--uninstall"], env)

    assert removed.returncode == 0, removed.stderr
    # The menu's shared cache of file types stays, as it does after any uninstall.
    leftovers = [
        path
        for path in local.rglob("*")
        if (path.is_file() or path.is_symlink()) and path.name != "mimeinfo.cache"
    ]
    assert leftovers == []

"""A project cannot vanish or be swapped unnoticed; backups, snapshots, restores; full disks and read-only folders."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.storage import store as store_module
from tests.functional.coding_project import build_project, guid_of, span
from tests.functional.conftest import Cli

DB = "qualcode.db"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One coded project, built once; every test works on its own copy."""
    return build_project(tmp_path_factory.mktemp("bouw") / "studie")


@pytest.fixture
def study(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "studie"
    shutil.copytree(built, root)
    monkeypatch.chdir(root)
    return root


def code(project: Project, phrase: str, key: str = "ambitie.routekaart") -> str:
    guid = guid_of(project, "westerbroek.txt")
    start, end = span(project, guid, phrase)
    return project.apply_coding(guid, start, end, key, "sanne").guid


def coding_guids(database: Path) -> set[str]:
    """The codings in a database file, read without qualcode (as a user's other tools would)."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in connection.execute("SELECT guid FROM codings")}
    finally:
        connection.close()


def snapshot_ids(root: Path) -> list[str]:
    return [s.id for s in Project.snapshots(root)]


# -- 1. opened, never created ------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [("status",), ("documents", "list"), ("codebook", "show"), ("cases", "show"),
                                  ("import", "transcripts"), ("backup",)])
def test_a_command_in_a_folder_whose_database_is_empty_names_the_latest_snapshot_and_creates_nothing(
        cli: Cli, study: Path, argv: tuple[str, ...]) -> None:
    with Project.open(study) as project:
        snapshot = project.store.snapshot(project.snapshot_dir, "codebook-load")
    (study / DB).write_bytes(b"")

    result = cli(*argv)

    assert result.code == 1, result.text
    assert "qualcode.db is empty (0 bytes)" in result.err
    assert f"qualcode snapshots restore {snapshot.name[9:31]}" in result.err
    assert "Traceback" not in result.text
    assert (study / DB).stat().st_size == 0
    assert not (study / f"{DB}-wal").exists()


def test_a_missing_database_is_an_error_and_is_not_created(cli: Cli, study: Path) -> None:
    (study / DB).unlink()
    result = cli("status")
    assert result.code == 1
    assert "qualcode.db is missing" in result.err
    assert "no snapshot or backup" in result.err
    assert not (study / DB).exists()


def test_a_database_that_is_not_sqlite_or_not_qualcodes_is_refused_unchanged(cli: Cli, study: Path) -> None:
    (study / DB).write_text("Dit is geen database maar een boodschappenlijst.", encoding="utf-8")
    result = cli("status")
    assert result.code == 1 and "not an SQLite database" in result.err
    assert (study / DB).read_text(encoding="utf-8").startswith("Dit is geen database")

    (study / DB).unlink()
    other = sqlite3.connect(str(study / DB))
    other.execute("CREATE TABLE recepten (naam TEXT)")
    other.commit()
    other.close()
    result = cli("documents", "list")
    assert result.code == 1 and "not a qualcode project's" in result.err
    with sqlite3.connect(str(study / DB)) as check:
        assert [r[0] for r in check.execute("SELECT name FROM sqlite_master")] == ["recepten"]


def test_init_still_creates_a_project_and_demo_style_creation_is_explicit(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "nieuw")
    assert result.code == 0, result.text
    with Project.open(tmp_path / "nieuw") as project:
        assert project.store.project_guid


# -- 2. identity of the open file --------------------------------------------------------------------------------
def test_a_deleted_database_refuses_the_next_coding_and_rescues_what_was_open(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        kept = code(project, "routekaart vastgesteld")
        (study / DB).unlink()
        with pytest.raises(ProjectError, match="deleted or moved") as caught:
            code(project, "geen budget", "geld.budget")
        assert "NOT saved" in str(caught.value)
        with pytest.raises(ProjectError, match="deleted or moved"):
            project.data_version()  # the workbench's poll shows the same message
        with pytest.raises(ProjectError, match="deleted or moved"):
            code(project, "geen budget", "geld.budget")
    [rescued] = (study / ".qualcode" / "backups").glob("qualcode-rescued-*.db")
    assert kept in coding_guids(rescued)
    assert str(rescued) in str(caught.value)

    status = cli("status")
    assert status.code == 1 and str(rescued) in status.err  # the newest copy is the one to restore
    assert not (study / DB).exists()
    assert cli("snapshots", "restore", rescued).code == 0
    assert kept in coding_guids(study / DB) and len(coding_guids(study / DB)) == 1


def test_a_database_replaced_by_another_projects_is_refused(study: Path, tmp_path: Path) -> None:
    Project.init(tmp_path / "ander", name="Ander").close()
    with Project.open(study) as project:
        code(project, "routekaart vastgesteld")
        os.replace(tmp_path / "ander" / DB, study / DB)
        with pytest.raises(ProjectError, match="replaced by another file"):
            code(project, "geen budget", "geld.budget")
    assert coding_guids(study / DB) == set()  # nothing went into the file that took its place


def test_another_projects_database_copied_into_the_open_file_is_refused(study: Path, tmp_path: Path) -> None:
    Project.init(tmp_path / "ander", name="Ander").close()
    with Project.open(study) as project:
        code(project, "routekaart vastgesteld")
        guid = guid_of(project, "westerbroek.txt")
        start, end = span(project, guid, "geen budget")
        latest = project.store.snapshot(project.snapshot_dir, "test")
        # Another program restores a different project into the very file (same inode) through SQLite.
        source = sqlite3.connect(str(tmp_path / "ander" / DB))
        target = sqlite3.connect(str(study / DB))
        source.backup(target)
        source.close()
        target.close()
        with pytest.raises(ProjectError, match="holds another project") as caught:
            project.store.check_identity()
        assert f"qualcode snapshots restore {latest.name[9:31]}" in str(caught.value)
        with pytest.raises(ProjectError, match="holds another project"):
            project.set_memo("project", "", "Een notitie voor het verkeerde project.", "sanne")
    assert coding_guids(study / DB) == set()
    with Project.open(tmp_path / "ander") as other:
        assert other.memo("project", "") is None
    assert (start, end) != (0, 0)


def test_another_projects_file_copied_byte_for_byte_over_the_open_one_is_refused(study: Path, tmp_path: Path) -> None:
    # `cp ander/qualcode.db studie/qualcode.db` while the workbench is open: same inode, and SQLite's cache of this
    # connection still shows the old project, so only the header read by a second connection can tell.
    Project.init(tmp_path / "ander", name="Ander").close()
    with Project.open(study) as project:
        code(project, "routekaart vastgesteld")
        shutil.copyfile(tmp_path / "ander" / DB, study / DB)
        assert project.store.meta("project_guid") == project.store.project_guid  # what the cache still shows
        with pytest.raises(ProjectError, match="holds another project"):
            code(project, "geen budget", "geld.budget")
        with pytest.raises(ProjectError, match="holds another project"):
            project.data_version()  # the workbench's poll


def test_the_mark_in_the_header_is_the_projects_own_and_an_older_project_gets_it(study: Path) -> None:
    from qualcode.storage import file_mark

    with Project.open(study) as project:
        mark = file_mark.mark_of(project.store.project_guid)
        assert mark != 0 and file_mark.mark_in_file(study / DB) == mark
        project.store.conn.execute("PRAGMA application_id = 0")  # as a project made before the mark existed
    with Project.open(study) as project:
        assert file_mark.mark_in_file(study / DB) == mark
        code(project, "geen budget", "geld.budget")  # its own mark never stops a write


def test_a_moved_project_file_is_noticed_by_the_poll(study: Path) -> None:
    with Project.open(study) as project:
        version = project.data_version()
        assert isinstance(version, int)
        (study / DB).rename(study / "elders.db")
        with pytest.raises(ProjectError, match="deleted or moved"):
            project.data_version()


def test_an_existing_project_gets_a_guid_from_the_migration(study: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from qualcode.storage import migrations

    for leftover in study.glob(DB + "*"):
        leftover.unlink()
    older = sqlite3.connect(study / DB)
    migrations.migrations.apply(Database(older), stop_before="m002_project_guid")
    older.close()
    with Project.open(study) as project:
        first = project.store.project_guid
    with Project.open(study) as project:
        assert first and len(first) == 36 and project.store.project_guid == first


# -- 3. durability ---------------------------------------------------------------------------------------------
def test_commits_are_durable_synchronous_full_in_wal(study: Path) -> None:
    with Project.open(study) as project:
        assert project.store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


# -- 4. disk full, read-only -----------------------------------------------------------------------------------
def test_a_full_disk_is_a_clear_message_and_nothing_is_stored(study: Path) -> None:
    with Project.open(study) as project:
        before = {c.guid for c in project.codings()}
        pages = project.store.conn.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own limit gives the error a full disk gives ('database or disk is full').
        project.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        long_memo = "Een heel lange notitie. " * 20_000
        with pytest.raises(ProjectError, match="the disk is full") as caught:
            project.set_memo("project", "", long_memo, "sanne")
        assert "free some disk space" in str(caught.value)
        assert {c.guid for c in project.codings()} == before and project.memo("project", "") is None


def test_a_database_that_refuses_writes_is_a_clear_message(study: Path) -> None:
    with Project.open(study) as project:
        # Tests run as root, which ignores file modes: query_only makes SQLite refuse writes as a read-only file does.
        project.store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(ProjectError, match="read-only here") as caught:
            code(project, "routekaart vastgesteld")
        assert "make qualcode.db and its folder writable" in str(caught.value)


def test_reading_commands_work_on_a_read_only_project(cli: Cli, study: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(study) as project:
        code(project, "routekaart vastgesteld")
    # Tests run as root, which ignores chmod: qualcode is made to see qualcode.db or its folder as not writable,
    # and then opens the database with mode=ro, as it does for a real read-only folder.
    monkeypatch.setattr(store_module, "can_write", lambda path: False)
    before = (study / DB).read_bytes()
    for argv in (("status",), ("documents", "list"), ("cases", "show"), ("codebook", "show"),
                 ("report", "synthesis", "--out", tmp_path / "synthese.md"),
                 ("table", "matrix", "--out", tmp_path / "matrix.csv"), ("snapshots", "list")):
        result = cli(*argv)
        assert result.code == 0, (argv, result.text)
    assert (tmp_path / "synthese.md").stat().st_size > 0 and (tmp_path / "matrix.csv").stat().st_size > 0
    refused = cli("documents", "rename", "westerbroek", "Nieuwe titel")
    assert refused.code == 1 and "read-only here" in refused.err and "reading commands" in refused.err
    assert (study / DB).read_bytes() == before
    with Project.open(study) as project:
        assert project.read_only
        assert project.store.conn.execute("PRAGMA query_only").fetchone()[0] == 1


# -- 5. backups and snapshots ------------------------------------------------------------------------------------
def test_backup_writes_a_consistent_copy_while_another_connection_writes(cli: Cli, study: Path,
                                                                         tmp_path: Path) -> None:
    stop, coding = threading.Event(), threading.Event()
    written: list[str] = []

    def keep_coding() -> None:
        with Project.open(study) as writer:
            guid = guid_of(writer, "hoogveen.md")
            position = 0
            while not stop.is_set():
                written.append(writer.apply_coding(guid, position % 100, position % 100 + 5, "geld.budget",
                                                   "tom").guid)
                coding.set()
                position += 1

    thread = threading.Thread(target=keep_coding)
    thread.start()
    try:
        assert coding.wait(timeout=60)
        results = [cli("backup", "--to", tmp_path / "kopieen") for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    for result in results:
        assert result.code == 0, result
        assert Path(result.out.split("wrote ")[1].split(" (")[0]).is_file() and "kB)" in result.out
    copies = sorted((tmp_path / "kopieen").glob("qualcode-backup-*.db"))
    assert len(copies) == 3
    for copy in copies:
        with sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        # Every copy is a moment of the project: a prefix of the codings written, in order.
        copied = coding_guids(copy)
        assert copied <= set(written) | coding_guids(study / DB)
    assert len(written) > 0


def test_backup_goes_to_the_project_backup_folder_by_default(cli: Cli, study: Path) -> None:
    result = cli("backup")
    assert result.code == 0, result.text
    [copy] = (study / ".qualcode" / "backups").glob("qualcode-backup-*.db")
    assert str(copy) in result.out
    assert coding_guids(copy) == coding_guids(study / DB)


def test_snapshots_list_shows_id_time_reason_and_size_newest_first(cli: Cli, study: Path) -> None:
    assert "no snapshots yet" in cli("snapshots", "list").out
    assert cli("cases", "merge", "Hoogveen", "Westerbroek").code == 0
    assert cli("documents", "remove", "notitie.txt", "--force").code == 0
    result = cli("snapshots", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["id", "time", "size", "reason"]
    ids = snapshot_ids(study)
    assert [line.split()[0] for line in lines[1:]] == ids and len(ids) == 2
    assert lines[1].endswith("documents-remove") and lines[2].endswith("cases-merge")
    assert " kB " in lines[1]


def test_restore_puts_a_snapshot_back_and_the_restore_can_be_undone(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        first = code(project, "routekaart vastgesteld")
        snapshot = project.store.snapshot(project.snapshot_dir, "test")
        second = code(project, "geen budget", "geld.budget")
    other = Project.open(study)  # a workbench left open elsewhere keeps working on the restored project
    try:
        result = cli("snapshots", "restore", snapshot.name[9:24])
        assert result.code == 0, result.text
        assert "integrity check: ok" in result.out
        guids = coding_guids(study / DB)
        assert first in guids and second not in guids
        before_restore = result.out.split("undo the restore with 'qualcode snapshots restore ")[1].split("'")[0]
        assert {c.guid for c in other.codings()} == guids
        third = code(other, "geen structureel geld", "geld.budget")
    finally:
        other.close()
    undo = cli("snapshots", "restore", before_restore)
    assert undo.code == 0, undo.text
    guids = coding_guids(study / DB)
    assert {first, second} <= guids and third not in guids
    with Project.open(study) as project:
        assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_repairs_an_empty_database_and_leaves_no_stale_log(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        kept = code(project, "routekaart vastgesteld")
        snapshot = project.store.snapshot(project.snapshot_dir, "test")
    (study / DB).write_bytes(b"")
    (study / f"{DB}-wal").write_bytes(b"oud logboek")
    result = cli("snapshots", "restore", snapshot.name)
    assert result.code == 0, result.text
    assert not (study / f"{DB}-wal").exists() or (study / f"{DB}-wal").read_bytes() != b"oud logboek"
    assert kept in coding_guids(study / DB)
    assert cli("status").code == 0


def test_restore_of_an_unknown_or_damaged_snapshot_changes_nothing(cli: Cli, study: Path) -> None:
    before = (study / DB).read_bytes()
    unknown = cli("snapshots", "restore", "19990101")
    assert unknown.code == 1 and "no snapshot with id '19990101'" in unknown.err
    broken = study / ".qualcode" / "snapshots" / "qualcode-20260101-120000-000000-test.db"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    damaged = cli("snapshots", "restore", "20260101")
    assert damaged.code == 1 and "Traceback" not in damaged.text
    assert (study / DB).read_bytes() == before


def test_a_day_s_first_change_snapshots_work_from_an_earlier_day_once(study: Path) -> None:
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).replace(microsecond=0).isoformat()
    with Project.open(study) as project, project.store.transaction():
        project.store.conn.execute("UPDATE events SET at = ?", (yesterday,))
    with Project.open(study) as project:
        first = code(project, "routekaart vastgesteld")
        code(project, "geen budget", "geld.budget")
    snapshots = Project.snapshots(study)
    assert [s.reason for s in snapshots] == ["daily"]
    assert first not in coding_guids(snapshots[0].path)  # the state before the day's work
    with Project.open(study) as project:
        code(project, "geen structureel geld", "geld.budget")
    assert len(Project.snapshots(study)) == 1


def test_snapshots_are_pruned_to_ten_recent_and_one_per_older_week(study: Path) -> None:
    folder = study / ".qualcode" / "snapshots"
    folder.mkdir(parents=True)
    old_week = [dt.datetime(2026, 3, day, 10) for day in (2, 3, 4)]  # Monday to Wednesday of one week
    for moment in old_week:
        (folder / f"qualcode-{moment:%Y%m%d-%H%M%S-%f}-test.db").write_bytes(b"")
    with Project.open(study) as project:
        for _ in range(10):
            project.store.snapshot(folder, "bulk")
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 11
    assert names[0] == f"qualcode-{old_week[2]:%Y%m%d-%H%M%S-%f}-test.db"  # the newest of that week stays


def test_restore_over_a_database_that_fails_its_check_keeps_that_database(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        snapshot = project.store.snapshot(project.snapshot_dir, "test")
    (study / DB).unlink()
    other = sqlite3.connect(str(study / DB))
    other.execute("CREATE TABLE nieuwste_werk (regel TEXT)")
    other.execute("INSERT INTO nieuwste_werk VALUES ('een coding die in geen snapshot staat')")
    other.commit()
    other.close()

    result = cli("snapshots", "restore", snapshot.name)

    assert result.code == 0, result.text
    assert "the damaged database it replaced is kept as" in result.out
    [kept] = (study / ".qualcode" / "backups").glob("qualcode-*-damaged.db")
    with sqlite3.connect(str(kept)) as check:
        assert check.execute("SELECT regel FROM nieuwste_werk").fetchall() == [("een coding die in geen snapshot "
                                                                                "staat",)]
    assert cli("status").code == 0


def test_an_empty_id_or_the_database_itself_is_no_snapshot_to_restore(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        project.store.snapshot(project.snapshot_dir, "test")
    before = (study / DB).read_bytes()
    assert "the id is empty" in cli("snapshots", "restore", "").err
    assert "the project database itself" in cli("snapshots", "restore", "qualcode.db").err
    assert (study / DB).read_bytes() == before


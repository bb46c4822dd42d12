"""The lead table model: paging, sorting, counting; checked by qtmodeltester."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from leaddesk.store.queries import LeadQuery, lead_ids

from leaddesk.ui import lead_table
from leaddesk.ui.background import wait_for_background
from leaddesk.ui.lead_table import COLUMN_INDEX, LEAD_ID_ROLE, LeadTableModel


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, people: Database) -> None:
    model = LeadTableModel(people)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    model.set_query(LeadQuery(search="cobalt"))
    qtmodeltester.check(model, force_py=True)


def test_pages_are_read_on_demand_and_bounded(
    db: Database, monkeypatch: object, qtbot: QtBot
) -> None:
    leads = [Lead(first_name=f"Person{i:04d}", company="Atlas") for i in range(1234)]
    with db.session() as session:
        insert_leads(session, leads, region="US")
    model = LeadTableModel(db)
    model.refresh()
    # Past the first, capped count the exact one follows from the background.
    qtbot.waitUntil(lambda: model.rowCount() == 1234)
    assert model.data(model.index(0, 0)) == "Person0000"
    assert model.data(model.index(1233, 0)) == "Person1233"
    for row in range(0, 1234, 25):
        assert model.data(model.index(row, 0)) == f"Person{row:04d}"
    assert len(model._pages) <= lead_table.CACHED_PAGES
    assert model.data(model.index(617, 0), LEAD_ID_ROLE) is not None


def test_counts_are_capped_then_finished_in_the_background(
    db: Database, qtbot: QtBot, monkeypatch: object
) -> None:
    import pytest

    patch = pytest.MonkeyPatch()
    patch.setattr(lead_table, "COUNT_CAP", 50)
    try:
        with db.session() as session:
            insert_leads(session, [Lead(company=f"Co {i}") for i in range(120)], region="US")
        model = LeadTableModel(db)
        with qtbot.waitSignal(model.count_changed, timeout=5000) as exact:
            model.refresh()
            assert model.rowCount() == 51
            assert not model.row_count_is_exact()
        wait_for_background()
        qtbot.waitUntil(lambda: model.rowCount() == 120)
        assert exact.args is not None
        assert model.row_count_is_exact()
    finally:
        patch.undo()


def test_sorting_is_done_by_the_query(people: Database) -> None:
    model = LeadTableModel(people)
    model.refresh()
    model.sort(COLUMN_INDEX["score"], Qt.SortOrder.DescendingOrder)
    scores = [
        int(model.data(model.index(r, COLUMN_INDEX["score"]))) for r in range(model.rowCount())
    ]
    assert scores == sorted(scores, reverse=True)
    assert model.data(model.index(0, 0)) == "Chloé Dubois"
    model.sort(COLUMN_INDEX["company"], Qt.SortOrder.AscendingOrder)
    companies = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert companies == ["Cobalt Labs", "Cobalt Labs", "Lumière SARL", "Nordwind GmbH"]


def test_needs_review_leads_carry_a_warning(people: Database) -> None:
    model = LeadTableModel(people)
    model.refresh()
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    flagged = model.index(rows["Chris Dunn"], 0)
    fine = model.index(rows["Ana Ruiz"], 0)
    assert model.data(flagged, Qt.ItemDataRole.DecorationRole) is not None
    assert "Needs review" in model.data(flagged, Qt.ItemDataRole.ToolTipRole)
    assert model.data(fine, Qt.ItemDataRole.DecorationRole) is None


def test_a_new_query_while_counting_gets_its_own_exact_count(
    db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lead_table, "COUNT_CAP", 10)
    with db.session() as session:
        leads = [Lead(company=f"Atlas {i}") for i in range(60)]
        leads += [Lead(company=f"Borealis {i}") for i in range(40)]
        insert_leads(session, leads, region="US")
    model = LeadTableModel(db)
    model.set_query(LeadQuery(search="atlas"))
    model.set_query(LeadQuery(search="borealis"))  # while the first count may run
    qtbot.waitUntil(model.row_count_is_exact)
    assert model.rowCount() == 40


@pytest.mark.parametrize("sort", ["title", "name"])
def test_scrolling_past_the_first_page_shows_the_next_leads(db: Database, sort: str) -> None:
    """Pages after the first follow on from the one before, in orders read
    by key (name) and in those read by offset (title)."""
    leads = [
        Lead(first_name=f"Person{i:03d}", company="Atlas", title=f"Title {i % 3}")
        for i in range(250)
    ]
    with db.session() as session:
        insert_leads(session, leads, region="US")
    model = LeadTableModel(db)
    model.refresh()
    model.sort(COLUMN_INDEX[sort], Qt.SortOrder.AscendingOrder)
    wait_for_background()
    with db.read() as session:
        expected = lead_ids(session, model.query)
    shown = [model.data(model.index(row, 0), LEAD_ID_ROLE) for row in range(250)]
    assert shown == expected
    assert len(set(shown)) == 250

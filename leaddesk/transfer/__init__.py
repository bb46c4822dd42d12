"""Spreadsheet and vCard import and export. No Qt."""

"""Bulk storage of parsed records and their monthly rollups, the fastest way per database."""

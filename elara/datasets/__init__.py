"""Datasets: their lifecycle (upload, append, replace, rollback, delete) and how they are read."""

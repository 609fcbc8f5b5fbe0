"""A corpus of generated files reproducing real finance export layouts (see docs/import.md)."""

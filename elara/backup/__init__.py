"""Backups: one archive with a manifest and checksums; verify; restore; retention; schedule."""

"""Elara: a self-hosted financial dashboard."""

__version__ = "0.1.0"

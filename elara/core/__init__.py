"""Shared plumbing: settings, database, errors, logging, security primitives."""

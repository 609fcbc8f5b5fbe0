"""Saved dashboard views: /api/views."""

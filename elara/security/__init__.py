"""Security events, counters and alerts; the request-level security middleware."""

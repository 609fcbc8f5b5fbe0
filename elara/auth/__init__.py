"""Sign-in, tokens, refresh sessions, roles and permissions."""

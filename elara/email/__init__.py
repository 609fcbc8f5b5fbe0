"""Outgoing email: SMTP with STARTTLS when configured, else an outbox folder of .eml files."""

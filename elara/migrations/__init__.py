"""Alembic migrations; they run on SQLite and MySQL/MariaDB alike."""

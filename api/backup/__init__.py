"""Encrypted backups of the database and the data directory, and their checked restore."""

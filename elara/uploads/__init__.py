"""Uploads: receiving files (whole or in chunks), keeping originals, parsing them into datasets."""

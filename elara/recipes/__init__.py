"""Remembered import recipes: confirmed import settings under a fingerprint of the layout."""

"""Subscriptions (a saved view emailed on a schedule) and threshold alerts."""

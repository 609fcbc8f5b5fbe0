"""Prometheus metrics, the access log and the background runtime of an app."""

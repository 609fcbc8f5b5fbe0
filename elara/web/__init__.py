"""The browser app, served as static files by the gateway."""

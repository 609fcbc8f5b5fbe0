"""How the gateway reaches the upload and database services (in-process or over HTTP)."""

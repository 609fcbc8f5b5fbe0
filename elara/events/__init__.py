"""Live events pushed to signed-in browsers over a WebSocket."""

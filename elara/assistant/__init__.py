"""The assistant: Amazon Q Business when configured, a built-in question answerer otherwise."""

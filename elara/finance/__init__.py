"""Financial meaning shared by import and dashboard: account kinds and their vocabulary."""

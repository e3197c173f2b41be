"""Writes of after-sales service, one module per area (cases, complaints, feedback)."""

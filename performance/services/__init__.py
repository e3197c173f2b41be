"""Writes of performance: points.py (events), commission.py (paid), close.py (the month)."""

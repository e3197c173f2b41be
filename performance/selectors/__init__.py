"""Reads of performance points (points.py) and commission (commission.py)."""

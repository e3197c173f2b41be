"""Deals, payments, tiers and credit (DEAL-1…4)."""

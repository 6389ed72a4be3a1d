"""Equity of entry to training and of progression: see docs/equity.md."""

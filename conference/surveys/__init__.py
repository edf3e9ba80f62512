"""Feedback surveys, frozen results per edition, comparison across editions and action items."""

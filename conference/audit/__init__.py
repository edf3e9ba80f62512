"""The audit log: who did what in the organiser area (issue 8)."""

"""Certificates of attendance (Teilnahmebescheinigungen, issue 8)."""

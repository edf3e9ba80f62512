"""The event day (issue 8): tickets with QR codes and the staff check-in page."""

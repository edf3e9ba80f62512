"""Partner institutions' contacts: sign-up, confirmation, approval, and their area under /partner/."""

"""Privacy by design (issue 8): consent records, subject access, erasure and retention."""

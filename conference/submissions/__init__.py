"""The call for offers: partner institutions submit, reviewers score, organisers decide."""

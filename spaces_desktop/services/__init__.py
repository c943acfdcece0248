"""I/O without Qt: the HTTP client, credentials, accounts, history, drafts and exports."""

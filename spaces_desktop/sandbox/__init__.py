"""A local Spaces-compatible server, written from the API notes; shares no code with domain/."""

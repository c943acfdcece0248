"""Pure rules of the invite: the request, its validation, time zones, parsing; no I/O, no Qt."""

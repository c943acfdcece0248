"""Creating a space, as the window and the command line both do it: validate, then send once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spaces_desktop.domain.invite_request import InviteRequest, validate_request

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.client import SpacesClient


def create_space(client: SpacesClient, request: InviteRequest, *, request_id: str) -> InviteResult:
    """Validate ``request`` for the client's credential and send it once.

    ``request_id`` (from ``new_request_id()``) belongs to one user action: a caller
    that lets the user try again after an unknown outcome passes the same id, so
    the server can recognise the repeat. Raises ``ValidationError`` before anything
    is sent, or a ``SpacesError`` subclass from the client.
    """
    credentials = client.current_credentials()
    validate_request(
        request,
        token_scheme=credentials.scheme if credentials is not None else None,
        token_domain=credentials.domain if credentials is not None else None,
    )
    return client.create_invite(request, request_id=request_id)

"""Validation errors that name the field they concern."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    ``field`` is a stable path the window maps to a widget: ``title``,
    ``description``, ``invitees``, ``invitees[3]`` (row 3, zero-based), ``start``,
    ``end``, ``time_zone``, ``language``, ``act_as``.
    """

    field: str
    message: str


class ValidationError(ValueError):
    """The input cannot be sent; ``errors`` lists every problem found, in form order."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    def messages_for(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]

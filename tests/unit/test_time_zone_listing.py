"""is_listed_zone answers "is it in available_zones()?" without listing the zone database."""

from __future__ import annotations

import zoneinfo

import pytest

from spaces_desktop.domain.time_zones import available_zones, is_listed_zone


def test_is_listed_zone_agrees_with_the_list_for_every_zone_in_the_database() -> None:
    listed = set(available_zones())
    names = zoneinfo.available_timezones()
    disagreements = sorted(name for name in names if is_listed_zone(name) != (name in listed))
    assert disagreements == []


@pytest.mark.parametrize(
    "name", ["Etc/UTC", "US/Eastern", "GMT", "Europe/Nowhere", "", "Europe/", "../Europe/Berlin"]
)
def test_names_outside_the_list_are_not_listed(name: str) -> None:
    assert not is_listed_zone(name)

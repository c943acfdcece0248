"""Spaces Desktop: schedule an Avaya Spaces meeting space and hand out its invitation."""

__version__ = "0.1.0"

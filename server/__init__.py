"""Attune: a grounding companion for psychotherapists."""

__version__ = "0.1.0"

"""Readers: bytes of an article file → a ``Document`` of source lines."""

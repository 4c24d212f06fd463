"""Shared plumbing of the smartcity-impact toolkit: errors, translations, command line."""

__version__ = "0.1.0"

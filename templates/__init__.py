"""Jinja2 templates of the reports and printable forms, shipped as package data."""

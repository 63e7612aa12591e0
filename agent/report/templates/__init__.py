"""Jinja2 templates, style and script of the HTML report (package data)."""

"""Widgets live here and only here."""

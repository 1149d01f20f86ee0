"""Settings package: base (shared, environment-driven), local, production, test.

Pick one with DJANGO_SETTINGS_MODULE; environments differ only through environment variables.
"""

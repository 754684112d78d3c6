"""``make bench``: the project's speed, measured against the tools a user would use instead.

A development tool kept outside the installed packages (like camelot's ``bench/``): it
reads ``sources/`` and the test fixtures. Run from the project root: ``python -m bench``.
"""

"""Servers from Debian's packages that the project runs itself: PostgreSQL, Redis, nginx."""

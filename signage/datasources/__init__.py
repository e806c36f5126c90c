"""Data sources: external feeds (RSS/Atom, CSV, JSON) fetched by the server behind an SSRF
guard, cached in the database and read by the players through the server."""

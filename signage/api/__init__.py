"""REST blueprints: /api/auth, /api/admin, /api/player. Thin: parse, call a service, serialise."""

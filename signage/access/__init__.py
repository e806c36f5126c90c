"""Who may do what: the permission matrix (pure) and the guard that enforces it."""

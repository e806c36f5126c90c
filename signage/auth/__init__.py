"""Console sign-in (passwords, sessions, lockout) and user accounts."""

"""Sites, screen groups, screens, and how a screen proves who it is."""

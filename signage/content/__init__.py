"""Media library, templates and playlists."""

"""Socket.IO: connection authentication and rooms."""

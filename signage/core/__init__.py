"""The base the domains stand on: validation, wire formats, shared value rules, the service
refusals and the outbound push to sockets. Imports no Flask (push goes through the
Socket.IO extension object only) and nothing above it."""

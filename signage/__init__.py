"""signage: a self-hosted digital signage platform. Nothing runs at import; the app is built by
signage.factory.create_app."""

__version__ = "0.1.0"

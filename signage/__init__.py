"""signage: a self-hosted digital signage platform. Nothing runs at import."""

__version__ = "0.1.0"


def create_app(*args, **kwargs):
    from signage.factory import create_app as factory

    return factory(*args, **kwargs)

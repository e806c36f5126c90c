"""`flask --app app ...` for the CLI and migrations; `python app.py` to serve locally.

Serving always goes through gunicorn's gevent worker (gunicorn.conf.py), the same server
as production, so there is one serving path to trust: it sets TCP_NODELAY and serves
WebSockets.
"""

import os
import sys

from dotenv import load_dotenv

load_dotenv()

if __name__ == "__main__":
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [gunicorn, "wsgi:app"])

from signage.factory import create_app  # noqa: E402

app = create_app()

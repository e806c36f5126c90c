"""Production entry point (Procfile: gunicorn -k gevent -w 1 wsgi:app).

gevent must patch the standard library before anything else imports socket, ssl or
threading, so this file patches first and only then builds the app.
"""

from gevent import monkey

monkey.patch_all()

import logging  # noqa: E402

from dotenv import load_dotenv  # noqa: E402

load_dotenv()
logging.basicConfig(level=logging.INFO)

from signage.core.logtext import SafeFormatter  # noqa: E402

# Messages quote what clients send (player errors, e-mails): one event, one line.
for handler in logging.getLogger().handlers:
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

from signage.factory import create_app  # noqa: E402
from signage.gc_tuning import tune_for_serving  # noqa: E402

app = create_app()

# The embedded tier runs its periodic jobs here; with Redis, `rq cron` does (see Procfile).
if not app.config["SIGNAGE"].redis_url:
    from signage.jobs import runner

    runner.start(app)

tune_for_serving()

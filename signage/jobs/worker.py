"""The RQ worker of the Procfile: `rq worker --worker-class signage.jobs.worker.Worker ...`.

It builds the app once, from the environment and `.env`, before it takes any job; each job's
work horse (a fork) inherits it. Building no connection at start-up (signage.factory), the
parent holds no database connection a fork could share.
"""

from __future__ import annotations

from typing import Any

import rq
from dotenv import load_dotenv

from signage.factory import create_app
from signage.jobs.context import use_app


class Worker(rq.Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        load_dotenv()
        use_app(create_app())

"""`rq cron --url $REDIS_URL signage.jobs.cron`: the periodic table, registered with RQ's
CronScheduler. rq reads cron expressions in the machine's local time: run the cron process
with TZ=UTC (the Procfile does) so both tiers fire at the same moment."""

from rq import cron
from werkzeug.utils import import_string

from signage.jobs.periodic import PERIODIC_JOBS
from signage.jobs.queue import DEFAULT_TIMEOUT, QUEUE_NAME

for _job in PERIODIC_JOBS:
    cron.register(
        import_string(_job.func),
        queue_name=QUEUE_NAME,
        cron=_job.cron,
        job_timeout=DEFAULT_TIMEOUT,
        name=_job.name,
    )

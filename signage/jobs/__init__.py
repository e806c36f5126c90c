"""Background work: job functions (take ids, own their session), the periodic-job table,
one enqueue helper (RQ when REDIS_URL is set, a background greenlet otherwise) and the
in-process periodic runner of the embedded tier."""

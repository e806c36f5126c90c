"""Account jobs: send an e-mail composed by the web face (a password reset link), so the
request that asked for it answers at once and takes the same time whoever it names."""

from __future__ import annotations

import logging
from email import message_from_string, policy
from email.message import EmailMessage

from signage.jobs.context import job_context
from signage.mail import send_mail

log = logging.getLogger(__name__)


def deliver_mail(raw: str) -> None:
    with job_context() as app:
        message = message_from_string(raw, _class=EmailMessage, policy=policy.default)
        send_mail(app.config["SIGNAGE"], message)  # type: ignore[arg-type]
        log.info("account e-mail sent to %s", message["To"])

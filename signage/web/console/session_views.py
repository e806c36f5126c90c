"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth.login import sign_in, sign_out
from signage.auth.service import InvalidCredentials, LoginLocked
from signage.web.console.blueprint import bp
from signage.web.console.forms import LoginForm
from signage.web.guard import public, requires
from signage.web.i18n import SESSION_KEY, select_locale


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return url_for("admin.overview")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("admin.overview")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        chosen = session.get(SESSION_KEY)
        try:
            sign_in(form.email.data or "", form.password.data or "")
        except LoginLocked as exc:
            minutes = max(1, round(exc.retry_after / 60))
            form.form_errors.append(
                _(
                    "Too many failed sign-ins for this account. Try again in about %(minutes)s min.",
                    minutes=minutes,
                )
            )
            status = 429
        except InvalidCredentials:
            form.form_errors.append(_("Wrong email or password."))
            status = 401
        else:
            # The new session starts empty; a language chosen on the sign-in page carries over.
            if chosen:
                session[SESSION_KEY] = chosen
            return redirect(safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@requires(Permission.CONSOLE)
def logout():
    # The sign-in page that follows speaks the language this session spoke.
    lang = select_locale()
    sign_out()
    session[SESSION_KEY] = lang
    flash(_("You are signed out."), "info")
    return redirect(url_for("admin.login"))

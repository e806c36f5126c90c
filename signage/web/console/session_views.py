"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth.login import sign_in, sign_out
from signage.auth.service import InvalidCredentials, LoginLocked
from signage.web.console.blueprint import bp
from signage.web.console.forms import LoginForm
from signage.web.guard import public, requires


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
        try:
            sign_in(form.email.data or "", form.password.data or "")
        except LoginLocked as exc:
            minutes = max(1, round(exc.retry_after / 60))
            form.form_errors.append(
                f"Too many failed sign-ins for this account. Try again in about {minutes} min."
            )
            status = 429
        except InvalidCredentials:
            form.form_errors.append("Wrong email or password.")
            status = 401
        else:
            return redirect(safe_next(form.next.data))
    elif request.method == "POST":
        status = 400
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@requires(Permission.CONSOLE)
def logout():
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))

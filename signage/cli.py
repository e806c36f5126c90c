"""`flask --app app signage ...`: accounts, demo data, periodic jobs on demand."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from signage.auth.users import AccountError, create_user
from signage.content.template_thumbnails import draw_missing_thumbnails
from signage.content.templates import seed_templates
from signage.extensions import db
from signage.jobs.periodic import PERIODIC_JOBS, job_named
from signage.models import Role, Screen, ScreenGroup, Site, User

DEMO_EMAIL = "admin@example.com"
DEMO_PASSWORD = "signage-demo"

# AppGroup runs each command inside an application context.
signage_cli = AppGroup("signage", help="Signage administration commands.")


@signage_cli.command("create-user")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.VIEWER.value, show_default=True
)
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted for when not given."
)
def create_user_command(email: str, role: str, name: str, password: str) -> None:
    """Create a console user."""
    try:
        user = create_user(email, password, role, name)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


def seed_demo() -> dict[str, bool]:
    """A demo admin, site, group and screen, and the stock templates. Idempotent: what
    exists is left as it is."""
    seed_templates()
    created = {"admin": False, "site": False, "group": False, "screen": False}
    if db.session.scalar(select(User).where(User.email == DEMO_EMAIL)) is None:
        create_user(DEMO_EMAIL, DEMO_PASSWORD, Role.ADMIN, "Demo admin")
        created["admin"] = True
    site = db.session.scalar(select(Site).where(Site.name == "Demo HQ"))
    if site is None:
        site = Site(
            name="Demo HQ",
            city="Paris",
            address="1 rue de la Paix",
            timezone="Europe/Paris",
            contact_name="Demo admin",
            contact_email=DEMO_EMAIL,
        )
        db.session.add(site)
        db.session.flush()
        created["site"] = True
    group = db.session.scalar(
        select(ScreenGroup).where(ScreenGroup.site_id == site.id, ScreenGroup.name == "Lobby")
    )
    if group is None:
        group = ScreenGroup(name="Lobby", description="Screens in the entrance hall", site=site)
        db.session.add(group)
        db.session.flush()
        created["group"] = True
    if (
        db.session.scalar(select(Screen).where(Screen.site_id == site.id, Screen.name == "Lobby screen"))
        is None
    ):
        db.session.add(Screen(name="Lobby screen", description="Demo screen", site=site, group=group))
        created["screen"] = True
    db.session.commit()
    return created


@signage_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo admin, site, group and screen (running it again changes nothing)."""
    created = seed_demo()
    made = [name for name, new in created.items() if new]
    click.echo(f"Demo data: {'created ' + ', '.join(made) if made else 'already present'}.")
    click.echo(
        f"Demo admin: {DEMO_EMAIL} / {DEMO_PASSWORD}"
        + ("" if created["admin"] else "  (unless you changed it)")
    )


@signage_cli.command("seed-templates")
def seed_templates_command() -> None:
    """Add the stock templates that are missing (fullscreen, ticker, side panel, split), and
    draw the thumbnails that are missing."""
    made = seed_templates()
    click.echo(f"Templates: {'added ' + ', '.join(made) if made else 'all present'}.")
    drawn = draw_missing_thumbnails()
    if drawn:
        click.echo(f"Template thumbnails drawn: {drawn}.")


@signage_cli.command("run-job")
@click.argument("name", type=click.Choice([job.name for job in PERIODIC_JOBS]))
def run_job_command(name: str) -> None:
    """Run one periodic job now, in this process (e.g. after a long outage)."""
    from werkzeug.utils import import_string

    result = import_string(job_named(name).func)()
    click.echo(f"{name}: {result}")


def init_cli(app: Flask) -> None:
    app.cli.add_command(signage_cli)

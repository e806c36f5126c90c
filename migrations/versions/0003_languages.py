"""languages and timezones: Site.locale (what its players speak), User.locale and User.timezone

Revision ID: 0003_languages
Revises: 0002_screen_incidents
Create Date: 2026-11-30 05:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_languages"
down_revision = "0002_screen_incidents"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sites", schema=None) as batch_op:
        # Existing sites speak French, the documented DEFAULT_LOCALE (CONTRACT §14).
        batch_op.add_column(sa.Column("locale", sa.String(length=8), server_default="fr", nullable=False))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("locale")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("locale")

"""template canvas: the resolution a layout is drawn for (issue 16), 1920x1080 for existing rows

Revision ID: 0018_template_canvas
Revises: 0017_feed_media
Create Date: 2026-11-30 12:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_template_canvas"
down_revision = "0017_feed_media"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("canvas_width", sa.Integer(), nullable=False, server_default="1920"))
        batch_op.add_column(sa.Column("canvas_height", sa.Integer(), nullable=False, server_default="1080"))


def downgrade():
    # In place (SQLite 3.35+, PostgreSQL), never a batch copy: on SQLite, dropping the old table
    # would trip playlists.template_id's ON DELETE RESTRICT.
    for column in ("canvas_height", "canvas_width"):
        op.execute(f"ALTER TABLE templates DROP COLUMN {column}")

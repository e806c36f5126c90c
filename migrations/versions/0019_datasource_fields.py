"""data source field mapping: which field of a JSON or CSV source is the title, the text and
the image (issue 16); none for existing rows

Revision ID: 0019_datasource_fields
Revises: 0018_template_canvas
Create Date: 2026-11-30 12:40:01

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019_datasource_fields"
down_revision = "0018_template_canvas"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("data_sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_field", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("text_field", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("image_field", sa.String(length=200), nullable=True))


def downgrade():
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+, PostgreSQL), never a batch copy: on
    # SQLite, dropping the old table would fire media.data_source_id's ON DELETE SET NULL and
    # unlink every media from its source.
    for column in ("image_field", "text_field", "title_field"):
        op.execute(f"ALTER TABLE data_sources DROP COLUMN {column}")

"""template thumbnails: the layout drawn as a PNG, stored like a media's thumbnail

Revision ID: 0013_template_thumbnails
Revises: 0012_notification_kinds
Create Date: 2026-11-30 08:34:35

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_template_thumbnails'
down_revision = '0012_notification_kinds'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumbnail_s3_key', sa.String(length=512), nullable=True))


def downgrade():
    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.drop_column('thumbnail_s3_key')

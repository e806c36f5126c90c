"""webpage framing: whether a WEBPAGE refuses to be shown in a frame; a stored file's full SHA-256 (issue 18)

Revision ID: 0011_webpage_framing
Revises: 0011_schedule_enabled
Create Date: 2026-11-30 08:32:34.075849

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_webpage_framing'
down_revision = '0011_schedule_enabled'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('framing_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('framing_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('framing_checked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_column('sha256')
        batch_op.drop_column('framing_checked_at')
        batch_op.drop_column('framing_reason')
        batch_op.drop_column('framing_status')

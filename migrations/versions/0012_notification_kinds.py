"""notification kinds: screen offline and storage runway, told once per outage or episode

Revision ID: 0012_notification_kinds
Revises: 0011_webpage_framing
Create Date: 2026-11-30 08:46:10.703363

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_notification_kinds'
down_revision = '0011_webpage_framing'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('screen_incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline_notified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('recovery_notified_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('screens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_warned_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('screens', schema=None) as batch_op:
        batch_op.drop_column('storage_warned_at')

    with op.batch_alter_table('screen_incidents', schema=None) as batch_op:
        batch_op.drop_column('recovery_notified_at')
        batch_op.drop_column('offline_notified_at')


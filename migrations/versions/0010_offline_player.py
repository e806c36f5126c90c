"""offline player: a screen's runway, storage and transport

Revision ID: 0010_offline_player
Revises: 0009_notifications
Create Date: 2026-11-30 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_offline_player'
down_revision = '0009_notifications'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('screens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cached_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('storage_used_mb', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('storage_quota_mb', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('storage_persisted', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('pending_proof_of_play', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('transport', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('screens', schema=None) as batch_op:
        batch_op.drop_column('transport')
        batch_op.drop_column('pending_proof_of_play')
        batch_op.drop_column('storage_persisted')
        batch_op.drop_column('storage_quota_mb')
        batch_op.drop_column('storage_used_mb')
        batch_op.drop_column('cached_until')

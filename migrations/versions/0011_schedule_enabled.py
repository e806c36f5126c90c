"""schedule enabled: a schedule can be switched off without losing its settings

Revision ID: 0011_schedule_enabled
Revises: 0010_offline_player
Create Date: 2026-11-30 08:40:57.335510

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_schedule_enabled'
down_revision = '0010_offline_player'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_enabled', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.drop_column('is_enabled')


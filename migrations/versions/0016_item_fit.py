"""playlist item fit: contain, cover or fill per picture or video (issue 16)

Revision ID: 0016_item_fit
Revises: 0015_fleet_budgets
Create Date: 2026-11-30 09:11:01.324694

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_item_fit'
down_revision = '0015_fleet_budgets'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('playlist_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fit', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('playlist_items', schema=None) as batch_op:
        batch_op.drop_column('fit')


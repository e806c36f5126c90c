"""password-reset requests, for the "forgot password" throttle (issue 13)

Revision ID: 0007_accounts
Revises: 0006_reporting
Create Date: 2026-11-30 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_accounts'
down_revision = '0006_reporting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_reset_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_requests'))
    )
    with op.batch_alter_table('password_reset_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_requests_requested_at'), ['requested_at'], unique=False)
        batch_op.create_index('ix_password_reset_requests_email_at', ['email', 'requested_at'], unique=False)
        batch_op.create_index('ix_password_reset_requests_ip_at', ['ip_address', 'requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('password_reset_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_password_reset_requests_ip_at')
        batch_op.drop_index('ix_password_reset_requests_email_at')
        batch_op.drop_index(batch_op.f('ix_password_reset_requests_requested_at'))

    op.drop_table('password_reset_requests')

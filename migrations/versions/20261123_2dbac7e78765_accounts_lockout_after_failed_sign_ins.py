"""Accounts: lockout after failed sign-ins (user_account.locked_until)

Revision ID: 2dbac7e78765
Revises: 1e07dba37d08
Create Date: 2026-11-23 19:06:16.314654

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2dbac7e78765'
down_revision = '1e07dba37d08'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')

"""Outbox messages can carry text attachments (an .ics with the confirmation mail).

Revision ID: 2e63fc21f53a
Revises: c60c25bd5a34
Create Date: 2026-11-22 10:05:20.653009

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2e63fc21f53a'
down_revision = 'c60c25bd5a34'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachments', sa.JSON(), server_default='[]', nullable=False))



def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('attachments')


"""Outbox bodies can be rendered at send time: the context builder's arguments and the language.

Revision ID: 6d4ea598cb4a
Revises: 2e63fc21f53a
Create Date: 2026-11-23 06:10:15.105862

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6d4ea598cb4a'
down_revision = '2e63fc21f53a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('render_args', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('locale', sa.String(length=8), server_default='', nullable=False))


def downgrade():
    # The old code cannot render a deferred body: hold such pending mails back instead of sending
    # them empty (they stay in the outbox, visible, with the reason).
    op.execute("UPDATE outbox SET status = 'failed', last_error = 'body was to be rendered at send time; "
               "not sent after a schema downgrade' WHERE status = 'pending' AND render_args IS NOT NULL "
               "AND body_text = ''")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('locale')
        batch_op.drop_column('render_args')

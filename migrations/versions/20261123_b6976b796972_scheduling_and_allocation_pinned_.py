"""Scheduling and allocation: pinned sessions, workshop keys, booking mode and choice window, rankings, allocation runs, schedule proposals

Revision ID: b6976b796972
Revises: 41f3ebca6222
Create Date: 2026-11-23 07:12:39.731373

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6976b796972'
down_revision = '41f3ebca6222'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('allocation_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('done', 'published', 'discarded', name='allocation_status', native_enum=False, length=16), nullable=False),
    sa.Column('assignments', sa.JSON(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('first_come_report', sa.JSON(), nullable=False),
    sa.Column('seconds', sa.Double(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_allocation_run_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_allocation_run_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation_run'))
    )
    with op.batch_alter_table('allocation_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocation_run_edition_id'), ['edition_id'], unique=False)

    op.create_table('ranking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('workshop_key', sa.String(length=64), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_ranking_rank_positive')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_ranking_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking')),
    sa.UniqueConstraint('registration_id', 'rank', name=op.f('uq_ranking_registration_id_rank')),
    sa.UniqueConstraint('registration_id', 'workshop_key', name=op.f('uq_ranking_registration_id_workshop_key'))
    )
    with op.batch_alter_table('ranking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_registration_id'), ['registration_id'], unique=False)

    op.create_table('schedule_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('running', 'done', 'failed', 'applied', 'discarded', name='proposal_status', native_enum=False, length=16), nullable=False),
    sa.Column('placements', sa.JSON(), nullable=False),
    sa.Column('unplaced', sa.JSON(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_schedule_proposal_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_schedule_proposal_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_proposal'))
    )
    with op.batch_alter_table('schedule_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_proposal_edition_id'), ['edition_id'], unique=False)

    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('booking_mode', sa.Enum('first_come', 'preference', name='booking_mode', native_enum=False, length=32), server_default='first_come', nullable=False))
        batch_op.add_column(sa.Column('choice_opens_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('choice_closes_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('target_group_limit', sa.Integer(), nullable=True))

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_pinned', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('workshop_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_session_workshop_key'), ['workshop_key'], unique=False)




def downgrade():

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_workshop_key'))
        batch_op.drop_column('workshop_key')
        batch_op.drop_column('is_pinned')

    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.drop_column('target_group_limit')
        batch_op.drop_column('choice_closes_at')
        batch_op.drop_column('choice_opens_at')
        batch_op.drop_column('booking_mode')

    with op.batch_alter_table('schedule_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_proposal_edition_id'))

    op.drop_table('schedule_proposal')
    with op.batch_alter_table('ranking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ranking_registration_id'))

    op.drop_table('ranking')
    with op.batch_alter_table('allocation_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocation_run_edition_id'))

    op.drop_table('allocation_run')


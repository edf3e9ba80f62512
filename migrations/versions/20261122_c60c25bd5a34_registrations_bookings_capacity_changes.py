"""Registrations, bookings and capacity changes; sessions gain is_published, sequence and walk_in_count.

Revision ID: c60c25bd5a34
Revises: b4a788243216
Create Date: 2026-11-22 09:56:23.473812

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c60c25bd5a34'
down_revision = 'b4a788243216'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('accessibility_needs', sa.Text(), nullable=False),
    sa.Column('accessibility_consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('privacy_notice_version', sa.String(length=40), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('manage_token', sa.String(length=64), nullable=False),
    sa.Column('confirm_token', sa.String(length=64), nullable=False),
    sa.Column('confirm_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_registration_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('confirm_token', name=op.f('uq_registration_confirm_token')),
    sa.UniqueConstraint('manage_token', name=op.f('uq_registration_manage_token'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_email'), ['email'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('booked', 'waitlisted', 'cancelled', 'attended', name='booking_status', native_enum=False, length=16), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_booking_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_booking_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('ix_booking_session_id_status', ['session_id', 'status'], unique=False)

    op.create_table('capacity_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('old_capacity', sa.Integer(), nullable=True),
    sa.Column('new_capacity', sa.Integer(), nullable=True),
    sa.Column('is_override', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_capacity_change_session_id_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_capacity_change_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_change'))
    )
    with op.batch_alter_table('capacity_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_change_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_published', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('walk_in_count', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_column('walk_in_count')
        batch_op.drop_column('sequence')
        batch_op.drop_column('is_published')

    with op.batch_alter_table('capacity_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_change_session_id'))

    op.drop_table('capacity_change')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_session_id_status')
        batch_op.drop_index(batch_op.f('ix_booking_registration_id'))

    op.drop_table('booking')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_email'))
        batch_op.drop_index(batch_op.f('ix_registration_edition_id'))

    op.drop_table('registration')

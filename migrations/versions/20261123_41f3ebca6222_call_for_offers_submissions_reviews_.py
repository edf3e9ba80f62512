"""Call for offers: submissions, reviews, decision templates; partner sign-up

Existing accounts were made by staff or the CLI, so they count as confirmed and approved.

Revision ID: 41f3ebca6222
Revises: 6d4ea598cb4a
Create Date: 2026-11-23 06:35:15.289895

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '41f3ebca6222'
down_revision = '6d4ea598cb4a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call_for_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('score_max', sa.Integer(), server_default='5', nullable=False),
    sa.Column('reviews_per_offer', sa.Integer(), server_default='2', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_call_for_offers_closes_after_opening')),
    sa.CheckConstraint('reviews_per_offer BETWEEN 1 AND 10', name=op.f('ck_call_for_offers_reviews_per_offer_range')),
    sa.CheckConstraint('score_max BETWEEN 2 AND 10', name=op.f('ck_call_for_offers_score_scale')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_call_for_offers_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_for_offers')),
    sa.UniqueConstraint('edition_id', name=op.f('uq_call_for_offers_edition_id'))
    )
    op.create_table('decision_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('draft', 'submitted', 'under_review', 'accepted', 'rejected', 'waitlisted', 'withdrawn', name='submission_status', native_enum=False, length=32), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call_for_offers.id'], name=op.f('fk_decision_template_call_id_call_for_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_template')),
    sa.UniqueConstraint('call_id', 'decision', 'locale', name=op.f('uq_decision_template_call_id_decision_locale'))
    )
    with op.batch_alter_table('decision_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_template_call_id'), ['call_id'], unique=False)

    op.create_table('review_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), server_default='1', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call_for_offers.id'], name=op.f('fk_review_criterion_call_id_call_for_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_criterion'))
    )
    with op.batch_alter_table('review_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_criterion_call_id'), ['call_id'], unique=False)

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('workshop', 'talk', 'presentation', 'stand', 'hands_on', 'forum', 'plenary', name='session_kind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('target_groups', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('expected_audience', sa.Integer(), nullable=True),
    sa.Column('room_size', sa.Integer(), nullable=True),
    sa.Column('equipment', sa.JSON(), nullable=False),
    sa.Column('needs_step_free', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('needs_power', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'under_review', 'accepted', 'rejected', 'waitlisted', 'withdrawn', name='submission_status', native_enum=False, length=32), server_default='draft', nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attachment_key', sa.String(length=64), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=False),
    sa.Column('attachment_type', sa.String(length=100), nullable=False),
    sa.Column('attachment_size', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('expected_audience IS NULL OR expected_audience >= 0', name=op.f('ck_submission_audience_not_negative')),
    sa.CheckConstraint('room_size IS NULL OR room_size >= 0', name=op.f('ck_submission_room_size_not_negative')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_submission_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_submission_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_submission_submitted_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission'))
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_status'), ['status'], unique=False)

    op.create_table('co_presenter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_co_presenter_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_co_presenter'))
    )
    with op.batch_alter_table('co_presenter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_co_presenter_submission_id'), ['submission_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_review_reviewer_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_review_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('submission_id', 'reviewer_id', name=op.f('uq_review_submission_id_reviewer_id'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_submission_id'), ['submission_id'], unique=False)

    op.create_table('submission_slot',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['slot_id'], ['time_slot.id'], name=op.f('fk_submission_slot_slot_id_time_slot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_slot_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'slot_id', name=op.f('pk_submission_slot'))
    )
    op.create_table('review_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score >= 1', name=op.f('ck_review_score_score_positive')),
    sa.ForeignKeyConstraint(['criterion_id'], ['review_criterion.id'], name=op.f('fk_review_score_criterion_id_review_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_score_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_score')),
    sa.UniqueConstraint('review_id', 'criterion_id', name=op.f('uq_review_score_review_id_criterion_id'))
    )
    with op.batch_alter_table('review_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_score_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_score_review_id'), ['review_id'], unique=False)

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_session_submission_id'), ['submission_id'])
        batch_op.create_foreign_key(batch_op.f('fk_session_submission_id_submission'), 'submission', ['submission_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('locale', sa.String(length=8), server_default='de', nullable=False))
    op.execute("UPDATE user_account SET email_verified_at = created_at, approved_at = created_at")



def downgrade():
    # Without these columns a pending sign-up would count as an active account: deactivate those first.
    op.execute("UPDATE user_account SET is_active_account = false "
               "WHERE email_verified_at IS NULL OR approved_at IS NULL")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locale')
        batch_op.drop_column('approved_at')
        batch_op.drop_column('email_verified_at')

    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_session_submission_id_submission'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_session_submission_id'), type_='unique')
        batch_op.drop_column('submission_id')

    with op.batch_alter_table('review_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_score_review_id'))
        batch_op.drop_index(batch_op.f('ix_review_score_criterion_id'))

    op.drop_table('review_score')
    op.drop_table('submission_slot')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_submission_id'))
        batch_op.drop_index(batch_op.f('ix_review_reviewer_id'))

    op.drop_table('review')
    with op.batch_alter_table('co_presenter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_co_presenter_submission_id'))

    op.drop_table('co_presenter')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_status'))
        batch_op.drop_index(batch_op.f('ix_submission_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_submission_edition_id'))

    op.drop_table('submission')
    with op.batch_alter_table('review_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_criterion_call_id'))

    op.drop_table('review_criterion')
    with op.batch_alter_table('decision_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_template_call_id'))

    op.drop_table('decision_template')
    op.drop_table('call_for_offers')

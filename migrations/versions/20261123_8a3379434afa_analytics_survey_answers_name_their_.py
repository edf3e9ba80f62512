"""Analytics: survey answers name their survey, frozen results per question

- ``survey_answer.survey_id``: the response's survey, kept equal to it by a foreign key on (response_id,
  survey_id) to ``survey_response`` (which gets a unique index on (id, survey_id) for it), with an index
  covering what a survey's counts read (``ix_survey_answer_survey_id``). Filled from the responses.

SQLite rebuilds a table for most changes (``batch_alter_table``), and with foreign keys on, dropping the old
table deletes its children's rows through ON DELETE CASCADE: only ``survey_answer`` (which nothing
references) is rebuilt on the way up, and the question rows go before ``edition_result`` on the way down.
- ``edition_result.edition_number`` / ``edition_format`` / ``edition_title`` and ``edition_result_question``
  (one row per entry of ``data["questions"]``): copies of parts of each frozen result, filled from the
  existing documents.

Revision ID: 8a3379434afa
Revises: 2dbac7e78765
Create Date: 2026-11-23 23:13:38.833093

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8a3379434afa'
down_revision = '2dbac7e78765'
branch_labels = None
depends_on = None

COVERING = ['survey_id', 'question_id', 'session_id', 'value', 'choice', 'response_id']


def upgrade():
    op.create_table('edition_result_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['edition_result.id'],
                            name=op.f('fk_edition_result_question_result_id_edition_result'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edition_result_question')),
    sa.UniqueConstraint('result_id', 'position', name=op.f('uq_edition_result_question_result_id_position'))
    )
    with op.batch_alter_table('edition_result_question', schema=None) as batch_op:
        batch_op.create_index('ix_edition_result_question_key', ['key', 'result_id'], unique=False)

    with op.batch_alter_table('edition_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edition_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('edition_format', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('edition_title', sa.String(length=200), server_default='', nullable=False))
    _copy_result_parts()

    # An index, not a constraint: on SQLite a new constraint rebuilds the table, and dropping the old
    # survey_response would cascade to every answer.
    op.create_index('ix_survey_response_id_survey_id', 'survey_response', ['id', 'survey_id'], unique=True)

    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_id', sa.Integer(), nullable=True))
    op.execute('UPDATE survey_answer SET survey_id = (SELECT survey_response.survey_id FROM survey_response '
               'WHERE survey_response.id = survey_answer.response_id)')
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.alter_column('survey_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_survey_answer_response_id_survey_response'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_survey_answer_response_id_survey_response'), 'survey_response',
                                    ['response_id', 'survey_id'], ['id', 'survey_id'], ondelete='CASCADE')
        batch_op.create_index('ix_survey_answer_survey_id', COVERING, unique=False)


def _copy_result_parts():
    """The header and the per-question rows of every frozen result, as ``EditionResult`` takes them."""
    results = sa.table('edition_result', sa.column('id', sa.Integer()), sa.column('data', sa.JSON()),
                       sa.column('edition_number', sa.Integer()), sa.column('edition_format', sa.String()),
                       sa.column('edition_title', sa.String()))
    questions = sa.table('edition_result_question', sa.column('result_id', sa.Integer()),
                         sa.column('position', sa.Integer()), sa.column('key', sa.String()),
                         sa.column('data', sa.JSON()))
    connection = op.get_bind()
    for result_id, data in connection.execute(sa.select(results.c.id, results.c.data)).all():
        data = data or {}
        connection.execute(results.update().where(results.c.id == result_id).values(
            edition_number=data.get('edition'), edition_format=str(data.get('format') or ''),
            edition_title=str(data.get('title') or '')))
        rows = [{'result_id': result_id, 'position': position, 'key': str(question.get('key') or ''),
                 'data': question} for position, question in enumerate(data.get('questions') or [])]
        if rows:
            connection.execute(questions.insert(), rows)


def downgrade():
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answer_survey_id')
        batch_op.drop_constraint(batch_op.f('fk_survey_answer_response_id_survey_response'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_survey_answer_response_id_survey_response'), 'survey_response',
                                    ['response_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_column('survey_id')

    op.drop_index('ix_survey_response_id_survey_id', table_name='survey_response')

    # The question rows first: rebuilding edition_result on SQLite would cascade to them.
    with op.batch_alter_table('edition_result_question', schema=None) as batch_op:
        batch_op.drop_index('ix_edition_result_question_key')
    op.drop_table('edition_result_question')

    with op.batch_alter_table('edition_result', schema=None) as batch_op:
        batch_op.drop_column('edition_title')
        batch_op.drop_column('edition_format')
        batch_op.drop_column('edition_number')

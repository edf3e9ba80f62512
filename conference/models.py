"""Imports every model module, so that ``db.metadata`` knows every table (Alembic needs that)."""

from conference.accounts.models import User  # noqa: F401
from conference.audit.models import AuditEntry  # noqa: F401
from conference.council.models import (  # noqa: F401
                                            AgendaDocument,
                                            AgendaItem,
                                            Attendance,
                                            CouncilMeeting,
                                            FollowUp,
                                            Invitation,
                                            Membership,
                                            Person,
                                            Recommendation,
                                            Seat,
                                            SeatGroup,
)
from conference.editions.models import Edition, Room, TimeSlot, Venue  # noqa: F401
from conference.mail.models import OutboxMessage  # noqa: F401
from conference.organisations.models import Organisation  # noqa: F401
from conference.pages.models import AccessibilityFeedback  # noqa: F401
from conference.privacy.models import ConsentRecord  # noqa: F401
from conference.program.models import ScheduleProposal, Session  # noqa: F401
from conference.registration.models import AllocationRun, Booking, CapacityChange, Ranking, Registration  # noqa: F401
from conference.submissions.models import (  # noqa: F401
                                            CallForOffers,
                                            CoPresenter,
                                            DecisionTemplate,
                                            Review,
                                            ReviewCriterion,
                                            ReviewScore,
                                            Submission,
)
from conference.surveys.models import (  # noqa: F401
                                        ActionItem,
                                        EditionResult,
                                        EditionResultQuestion,
                                        Question,
                                        Survey,
                                        SurveyAnswer,
                                        SurveyInvitation,
                                        SurveyParticipation,
                                        SurveyQuestion,
                                        SurveyResponse,
)

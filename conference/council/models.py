"""The council format (Regionale Bildungskonferenz), all its models in one namespace: seats and their holders
(``seat_models``), meetings with invitations and attendance (``meeting_models``), and agenda items with
documents, recommendations and their follow-up (``agenda_models``).

Every table carries ``created_at`` and ``updated_at``: the OParl API publishes both on every object.
"""

from conference.council.agenda_models import (
    ADDRESSEES,
    DECISION_LABELS,
    FOLLOW_UP_LABELS,
    AgendaDocument,
    AgendaItem,
    AgendaItemKind,
    Decision,
    FollowUp,
    FollowUpStatus,
    Recommendation,
)
from conference.council.meeting_models import (
    REPRESENTED,
    Attendance,
    AttendanceRole,
    CouncilMeeting,
    Invitation,
    RsvpStatus,
)
from conference.council.seat_models import MEMBERSHIP_ROLE_LABELS, Membership, MembershipRole, Person, Seat, SeatGroup

__all__ = [
    "ADDRESSEES",
    "DECISION_LABELS",
    "FOLLOW_UP_LABELS",
    "MEMBERSHIP_ROLE_LABELS",
    "REPRESENTED",
    "AgendaDocument",
    "AgendaItem",
    "AgendaItemKind",
    "Attendance",
    "AttendanceRole",
    "CouncilMeeting",
    "Decision",
    "FollowUp",
    "FollowUpStatus",
    "Invitation",
    "Membership",
    "MembershipRole",
    "Person",
    "Recommendation",
    "RsvpStatus",
    "Seat",
    "SeatGroup",
]

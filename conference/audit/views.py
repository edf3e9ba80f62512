"""Staff pages of the audit log under /manage/audit/."""

from flask import Blueprint

from conference.accounts.access import guard_area
from conference.accounts.models import Role

bp = Blueprint("audit", __name__, url_prefix="/manage/audit")
guard_area(bp, Role.ORGANISER)

"""Staff check-in on the event day, under /manage/editions/<id>/check-in/."""

from flask import Blueprint

from conference.accounts.access import guard_area
from conference.accounts.models import Role

bp = Blueprint("checkin", __name__, url_prefix="/manage/editions/<int:edition_id>/check-in")
guard_area(bp, Role.ORGANISER)

"""Certificates: the visitor's download behind the manage link (``public_bp``), and the organisers' settings
and bulk ZIP under /manage/editions/<id>/certificates/ (``bp``)."""

from flask import Blueprint

from conference.accounts.access import guard_area
from conference.accounts.models import Role

bp = Blueprint("certificates", __name__, url_prefix="/manage/editions/<int:edition_id>/certificates")
guard_area(bp, Role.ORGANISER)
public_bp = Blueprint("certificate", __name__)

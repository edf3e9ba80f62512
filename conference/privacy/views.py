"""Privacy pages: the visitor's own data behind the manage link (``public_bp``: access export, erasure), the
edition's privacy notice (public), and the staff pages under /manage/privacy/ and
/manage/editions/<id>/privacy/ (``bp``)."""

from flask import Blueprint

from conference.accounts.access import guard_area
from conference.accounts.models import Role

bp = Blueprint("privacy", __name__, url_prefix="/manage")
guard_area(bp, Role.ORGANISER)
public_bp = Blueprint("privacy_public", __name__)

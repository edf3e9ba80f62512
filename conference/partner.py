"""The area for signed-in partner institutions under /partner/."""

from flask import Blueprint, render_template

from conference.accounts.access import guard_area
from conference.accounts.models import Role

bp = Blueprint("partner", __name__, url_prefix="/partner")
guard_area(bp, Role.PROVIDER)


@bp.route("/")
def dashboard():
    return render_template("partner/dashboard.html")

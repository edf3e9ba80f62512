"""The visitor's ticket (QR code) behind the registration's manage link: no login, the token is the key."""

from flask import Blueprint

bp = Blueprint("ticket", __name__)

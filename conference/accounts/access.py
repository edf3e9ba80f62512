"""Access control: a role decorator and a guard for whole areas (/manage, /partner)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user

from conference.accounts.models import STAFF_ROLES, Role
from conference.extensions import login_manager


def roles_required(*roles: Role | str):
    """Let through signed-in users holding one of ``roles`` (admins always); 403 for others,
    and send anonymous users to the login page."""
    wanted = {Role(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*wanted):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = frozenset(wanted)
        return wrapped

    return decorator


def guard_area(blueprint: Blueprint, *roles: Role | str) -> None:
    """Require sign-in and one of ``roles`` for every route of ``blueprint``, present and future.

    Individual routes narrow this further with :func:`roles_required`.
    """
    allowed = {Role(r) for r in roles}

    @blueprint.before_request
    def _guard():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(*allowed):
            abort(403)
        return None


STAFF = tuple(STAFF_ROLES)

"""Password hashing with Argon2id (argon2-cffi), the OWASP recommendation.

The cost parameters come from the config (``PASSWORD_HASH_TIME_COST``, ``PASSWORD_HASH_MEMORY_KIB``);
hashes made with weaker parameters are upgraded at the next successful login.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure(time_cost: int, memory_cost_kib: int) -> None:
    global _hasher
    if (_hasher.time_cost, _hasher.memory_cost) != (time_cost, memory_cost_kib):
        _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


_dummy: dict[tuple[int, int], str] = {}


def verify_dummy(password: str) -> None:
    """Spend the time of a real verification, for unknown e-mail addresses (no account probing by timing)."""
    key = (_hasher.time_cost, _hasher.memory_cost)
    if key not in _dummy:
        _dummy[key] = _hasher.hash("not-a-real-password")
    verify_password(_dummy[key], password)

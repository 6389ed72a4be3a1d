"""Read-only pages may read from a PostgreSQL read replica (DATABASE_REPLICA_URL).

Views opt in with @replica_reads; everything else, and every write, uses the primary. Without
a replica configured the decorator does nothing."""

from contextvars import ContextVar
from functools import wraps

from django.conf import settings

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)

REPLICA = "replica"


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


def replica_reads(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not has_replica():
            return view(request, *args, **kwargs)
        token = _use_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _use_replica.reset(token)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _use_replica.get() and has_replica() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"

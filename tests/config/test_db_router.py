from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from config import db_router
from config.db_router import ReplicaRouter, replica_reads

router = ReplicaRouter()


def test_reads_go_to_the_replica_only_inside_a_read_only_view(monkeypatch):
    monkeypatch.setattr(db_router, "has_replica", lambda: True)
    seen = {}

    @replica_reads
    def view(request):
        seen["read"] = router.db_for_read(User)
        seen["write"] = router.db_for_write(User)
        return HttpResponse()

    view(RequestFactory().get("/"))
    assert seen == {"read": "replica", "write": "default"}
    assert router.db_for_read(User) == "default"  # outside the view again


def test_posts_and_missing_replica_use_the_primary(monkeypatch):
    seen = []

    @replica_reads
    def view(request):
        seen.append(router.db_for_read(User))
        return HttpResponse()

    monkeypatch.setattr(db_router, "has_replica", lambda: True)
    view(RequestFactory().post("/"))
    monkeypatch.setattr(db_router, "has_replica", lambda: False)
    view(RequestFactory().get("/"))
    assert seen == ["default", "default"]


def test_migrations_run_only_on_the_primary():
    assert router.allow_migrate("default", "accounts")
    assert not router.allow_migrate("replica", "accounts")

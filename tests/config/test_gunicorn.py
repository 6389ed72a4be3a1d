"""`make serve`'s gunicorn settings: the preloaded application is frozen out of the workers'
garbage collections (config/gunicorn.py; docs/benchmarks.md, "Under load")."""

import gc
import re
from pathlib import Path

from config import gunicorn

ROOT = Path(__file__).resolve().parents[2]


def test_make_serve_uses_the_settings_file():
    serve = (ROOT / "Makefile").read_text().split("\nserve:")[1].split("\n\n")[0]
    assert re.search(r"gunicorn config\.wsgi -c config/gunicorn\.py .*--preload", serve)


def test_the_container_image_and_the_careers_benchmark_use_it_too():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"-c", "config/gunicorn.py", "--preload"' in dockerfile
    assert '"config/gunicorn.py"' in (ROOT / "bench" / "careers.py").read_text()


def test_the_master_freezes_what_it_preloaded_before_each_fork():
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        gunicorn.pre_fork(None, None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_long_collections_are_logged_when_asked(monkeypatch, capsys):
    before = list(gc.callbacks)
    monkeypatch.setenv("GC_LOG_MS", "0")
    try:
        gunicorn.post_fork(None, None)
        gc.collect()
    finally:
        gc.callbacks[:] = before
    assert re.search(
        r"gc-pause pid=\d+ generation=2 ms=[\d.]+ cpu_ms=[\d.]+ collected=\d+",
        capsys.readouterr().err,
    )

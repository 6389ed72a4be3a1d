"""Cache settings for the career map's tests: NO_CACHE keeps the default cache and turns the
map's own cache off, for the fresh render that cached pages are compared with."""

NO_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pathways": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

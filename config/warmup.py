"""Compile every Jinja2 template once at start-up, so that the first requests each worker
serves are not slowed by compiling the NHS design system's macros (with gunicorn --preload
this happens once, before the workers fork)."""

from django.template import engines


def compile_templates() -> int:
    env = engines["jinja2"].env
    names = [name for name in env.list_templates() if name.endswith(".jinja")]
    for name in names:
        env.get_template(name)
    return len(names)

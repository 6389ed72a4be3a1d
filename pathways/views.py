from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from pathways.models import Role


@require_safe
def index(request):
    return render(request, "pathways/index.jinja", {"title": "NHS mental health career map"})


@require_safe
def role_detail(request, slug):
    role = get_object_or_404(Role.objects.published(), slug=slug)
    return render(
        request,
        "pathways/role_detail.jinja",
        {
            "title": role.name,
            "role": role,
            "breadcrumbs": [
                {"href": "/", "text": "Home"},
                {"href": "/pathways/", "text": "Career map"},
            ],
        },
    )

"""Lists shown a page at a time, the same way in every app: `?page=` picks the page (a page
past the end or not a number shows the last or the first), and the template's pager keeps the
rest of the query string (templates/includes/pagination.jinja)."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 20


def page_of(request: HttpRequest, items, per_page: int = PER_PAGE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))

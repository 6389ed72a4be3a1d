"""programme_create keeps who publishes a programme's figures and where (the demo's programme
is made through it), and refuses a programme without a name or one that exists."""

import pytest

from careers.equity import demo, services
from careers.equity.models import Programme

pytestmark = pytest.mark.django_db


def test_a_programme_is_made_with_its_publisher_and_source_page():
    programme = services.programme_create(**demo.PROGRAMME)
    stored = Programme.objects.get(pk=programme.pk)
    assert stored.slug == "clinical-psychology"
    assert stored.publisher.startswith("the Clearing House")
    assert stored.source_url.startswith("https://www.clearing-house.org.uk/")
    with pytest.raises(services.EquityRefused, match="already a programme"):
        services.programme_create(**demo.PROGRAMME)
    with pytest.raises(services.EquityRefused, match="slug and a name"):
        services.programme_create(slug="x", name=" ")

import datetime

import factory

from pathways.models import EntryRoute, Link, PayBand, Role, StartingPoint


class PayBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayBand
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.LazyAttribute(lambda o: f"Band {o.code}")
    order = factory.Sequence(lambda n: 100 + n)
    min_pay = 30000
    max_pay = 35000
    pay_year = "2025/26"
    source_url = "https://example.org/pay"
    checked_on = datetime.date(2026, 11, 21)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    slug = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Test role {n}")
    status = Role.Status.PUBLISHED
    profession_group = "psychological"
    summary = "A test role."
    work = "Test work."
    reviewed_on = datetime.date(2026, 11, 21)


class StartingPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StartingPoint

    slug = factory.Sequence(lambda n: f"start-{n}")
    name = factory.Sequence(lambda n: f"Start {n}")


class EntryRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryRoute

    slug = factory.Sequence(lambda n: f"route-{n}")
    name = factory.Sequence(lambda n: f"Training {n}")
    kind = EntryRoute.Kind.POSTGRADUATE
    length_months = 12
    salaried = True
    funding = EntryRoute.Funding.NHS


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    from_role = factory.SubFactory(RoleFactory)
    to_role = factory.SubFactory(RoleFactory)
    kind = Link.Kind.PROMOTION

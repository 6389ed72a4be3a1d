import datetime as dt

import factory
from django.utils import timezone

from support import vocab
from support.models import Booking, Resource, Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Choosing a specialty {n}")
    slug = factory.Sequence(lambda n: f"choosing-a-specialty-{n}")
    summary = "An evening workshop on how people choose, and what helps."
    facilitator = "Dr Sam Okafor, careers adviser"
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    minutes = 90
    format = vocab.IN_PERSON
    place = "Room 2, Education Centre, 10 High Street, Leeds LS1 1AA"
    access_note = "Step-free access from the car park; hearing loop in Room 2."
    capacity = 10
    booking_closes_at = factory.LazyAttribute(lambda s: s.starts_at - dt.timedelta(days=1))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    workshop = factory.LazyAttribute(lambda b: b.session.workshop)
    user = factory.SubFactory("tests.factories.UserFactory")
    status = Booking.Status.BOOKED
    booked_at = factory.LazyFunction(timezone.now)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    kind = vocab.LINK
    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = "A page about careers."
    url = "https://www.healthcareers.nhs.uk/"
    publisher = "NHS Health Careers"
    audiences = [vocab.TRAINEES]
    topics = ["choosing_specialty"]
    review_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=180))
    owner = "Careers support team"

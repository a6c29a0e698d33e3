"""factory_boy factories for every model. Reference data (areas, themes, departments, roles,
request kinds, the value framework) comes from the migrations; factories reuse it."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from initiatives import models as im
from initiatives import permissions
from initiatives.accounts import models as am
from partnership import models as pm
from publicvalue import models as vm

PASSWORD = "test-partner-2026"


def _with_roles(*default: str):
    """A post-generation hook giving the user ``roles=[...]``, or ``default`` when not passed."""

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        names = default if extracted is None else extracted
        if create and names:
            obj.groups.add(*Group.objects.filter(name__in=names))

    return roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    phone = factory.Sequence(lambda n: f"06-{10000000 + n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    roles = _with_roles()

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()
            # allauth needs a verified address to log in with mandatory verification.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=instance, email=instance.email, defaults={"verified": True, "primary": True}
            )


def department(name="Stadsontwikkeling") -> am.Department:
    return am.Department.objects.get(name=name)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.Department

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    slug = factory.Sequence(lambda n: f"afdeling-{n}")
    email = factory.Sequence(lambda n: f"afdeling{n}@example.org")


class CivilServantFactory(UserFactory):
    department = factory.LazyFunction(department)
    roles = _with_roles(permissions.CIVIL_SERVANT)


class CoordinatorFactory(UserFactory):
    department = factory.LazyFunction(lambda: department("Maatschappelijke Ontwikkeling"))
    roles = _with_roles(permissions.COORDINATOR)


class CouncilMemberFactory(UserFactory):
    roles = _with_roles(permissions.COUNCIL_MEMBER)


class InitiatorFactory(UserFactory):
    roles = _with_roles(permissions.INITIATOR)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Buurtinitiatief {n}")
    slug = factory.Sequence(lambda n: f"buurtinitiatief-{n}")
    summary = "Bewoners zorgen samen voor hun straat."
    description = "Een langere beschrijving van wat we doen."
    area = factory.LazyFunction(lambda: im.Area.objects.get(slug="charlois"))
    neighbourhood = factory.LazyAttribute(lambda o: o.area.neighbourhoods.first())
    domain = im.Domain.SOCIAL
    status = im.Status.ACTIVE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=200))
    volunteers = 8
    people_reached = 120
    is_public = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        """``InitiativeFactory(lead=user)`` makes ``user`` its lead."""
        if create and extracted:
            im.Membership.objects.create(
                initiative=self, user=extracted, role=im.Membership.Role.LEAD
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Membership

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(InitiatorFactory)
    role = im.Membership.Role.CO_INITIATOR


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.PartnerOrganisation

    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    kind = im.PartnerOrganisation.Kind.HOUSING_CORPORATION
    is_anchor_institution = True


class PolicyFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.PolicyFramework

    name = factory.Sequence(lambda n: f"Grondprijsbeleid {n}")
    category = pm.PolicyFramework.Category.LAND
    department = factory.LazyFunction(department)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Contact

    initiative = factory.SubFactory(InitiativeFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    channel = pm.Contact.Channel.MEETING
    department = factory.LazyFunction(department)
    initiated_by = pm.Contact.InitiatedBy.INITIATIVE
    summary = "Kennismaking en vraag om ruimte."
    outcome = "We zoeken een locatie."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Commitment

    initiative = factory.SubFactory(InitiativeFactory)
    description = "De gemeente zoekt binnen vier weken een ruimte."
    department = factory.LazyFunction(department)
    promised_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=40))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))


class BlockageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Blockage

    initiative = factory.SubFactory(InitiativeFactory)
    department = factory.LazyFunction(department)
    policy_framework = factory.SubFactory(PolicyFrameworkFactory)
    category = factory.LazyAttribute(
        lambda o: o.policy_framework.category if o.policy_framework else "other"
    )
    description = "De grondprijs maakt de moestuin onbetaalbaar."
    severity = pm.Blockage.Severity.MEDIUM
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))


class BlockageHandoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.BlockageHandoff

    blockage = factory.SubFactory(BlockageFactory)
    from_department = factory.LazyAttribute(lambda o: o.blockage.department)
    to_department = factory.LazyFunction(lambda: department("Stadsbeheer"))
    reason = "Beheer gaat hierover."


class CityRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.CityRequest

    initiative = factory.SubFactory(InitiativeFactory)
    kind = factory.LazyFunction(lambda: pm.RequestKind.objects.get(code="grond"))
    department = factory.LazyFunction(department)
    title = "Braakliggend terrein voor een moestuin"
    description = "Wij vragen het terrein aan de Dorpsweg in gebruik."
    submitted_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    deadline = factory.LazyAttribute(
        lambda o: o.submitted_on + dt.timedelta(days=o.kind.decision_term_days)
    )


class ReplyFactory(factory.django.DjangoModelFactory):
    """A partner's question on a contact, unless told otherwise."""

    class Meta:
        model = pm.Reply

    contact = factory.SubFactory(ContactFactory)
    initiative = factory.LazyAttribute(
        lambda o: next(x for x in (o.contact, o.commitment, o.blockage) if x).initiative
    )
    commitment = None
    blockage = None
    kind = pm.Reply.Kind.QUESTION
    body = "Wanneer horen we iets over de sleutel van het buurthuis?"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Contract

    initiative = factory.SubFactory(InitiativeFactory)
    awarded_by_department = factory.LazyFunction(lambda: department("Stadsbeheer"))
    description = "Onderhoud van het buurtpark"
    amount = Decimal("12000.00")
    start_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))


def indicator(code="vrijwilligersuren") -> vm.Indicator:
    return vm.Indicator.objects.get(code=code)


class ValueRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.ValueRecord

    initiative = factory.SubFactory(InitiativeFactory)
    indicator = factory.LazyFunction(indicator)
    dimension = factory.LazyAttribute(lambda o: o.indicator.dimension if o.indicator else None)
    quantity = Decimal("120")
    period_start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    period_end = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    evidence = vm.Evidence.COUNTED
    narrative = "Elke week twee uur per vrijwilliger."


class InventoryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.InventoryItem

    kind = pm.InventoryItem.Kind.TASK
    title = factory.Sequence(lambda n: f"Onderhoud buurtpark {n}")
    description = "Maaien, snoeien en zwerfafval ruimen in het buurtpark."
    area = factory.LazyFunction(lambda: im.Area.objects.get(slug="charlois"))
    neighbourhood = factory.LazyAttribute(lambda o: o.area.neighbourhoods.first())
    address = "Dorpsweg 12"
    size = "4.200 m²"
    condition = pm.InventoryItem.Condition.RIGHT_TO_CHALLENGE
    current_yearly_cost = Decimal("38000.00")
    availability = "Per 1 januari"
    department = factory.LazyFunction(lambda: department("Stadsbeheer"))


class AnchorFactory(UserFactory):
    """Staff of an anchor institution, tied to one partner organisation."""

    roles = _with_roles(permissions.ANCHOR)

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):
        """The link lives beside the organisation (``AnchorStaff``), not on the user."""
        if create:
            im.AnchorStaff.objects.create(
                user=obj, organisation=extracted or PartnerOrganisationFactory()
            )


class NotificationFactory(factory.django.DjangoModelFactory):
    """A stored notification for one user, unread, waiting for the digest."""

    class Meta:
        model = pm.Notification

    recipient = factory.SubFactory(InitiatorFactory)
    email = factory.LazyAttribute(lambda n: n.recipient.email if n.recipient else "")
    kind = "logged"
    subject = factory.Sequence(lambda n: f"Melding {n}")
    body = "Er is iets vastgelegd over je initiatief."
    link = "/initiatieven/"
    site_url = "http://gemeente.example"


def logged_contact(initiative, servant, department, day=None, referred_to=None) -> pm.Contact:
    """A phone call the civil servant logs through the service (signals, facts, notifications),
    as the tests of what is derived from the records want it."""
    from partnership.services.logging import contact_log

    return contact_log(
        initiative=initiative,
        logged_by=servant,
        date=day or timezone.localdate(),
        channel="phone",
        department=department,
        initiated_by="municipality",
        summary="Gebeld.",
        referred_to=referred_to,
    )

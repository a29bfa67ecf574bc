import datetime

import factory
from django.contrib.auth.models import User

from netvaerk.models import Network, NetworkRole, Phase
from roles.models import Department, Person

PASSWORD = "korrekt-hest-batteri-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Iterator(["Mette", "Lars", "Sofie", "Anders", "Ida", "Jonas"])
    last_name = factory.Iterator(["Hansen", "Nielsen", "Jensen", "Pedersen", "Larsen"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommune.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    """Treebeard nodes are made with add_root/add_child, not a plain save()."""

    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    manager_level = 3

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(kwargs)
        return model_class.objects.add_child(Department.objects.get(pk=parent.pk), kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    title = "Konsulent"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netværk {n}")
    slug = factory.Sequence(lambda n: f"netvaerk-{n}")
    theme = "Et tværgående tema"
    challenge = "En udfordring, som ingen afdeling kan løse alene."
    type = Network.Type.WELFARE
    status = Network.Status.ACTIVE
    start_date = datetime.date(2026, 9, 1)
    current_phase = factory.LazyFunction(lambda: Phase.objects.filter(number=2).first())


class NetworkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkRole

    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory)
    role = NetworkRole.Role.PARTICIPANT
    starts_on = datetime.date(2026, 9, 1)

"""Recompute the search text of every network, department and person.

    python manage.py rebuild_search_index

Saves keep the column current; run this after data was written past save() (an SQL import,
a bulk load) or after core.search.normalise changed.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core import search
from netvaerk.models import Network
from roles.models import Department, Person


def rebuild_search_index(batch_size=search.BATCH_SIZE):
    """{model verbose name plural: rows looked at} for the three searchable models."""
    jobs = [
        (Network, Network.objects.all()),
        (Department, Department.objects.all()),
        (Person, Person.objects.select_related("user", "department")),
    ]
    counts = {}
    with transaction.atomic():
        for model, queryset in jobs:
            counts[model] = search.rebuild(queryset, model.build_search_text, batch_size=batch_size)
    return counts


class Command(BaseCommand):
    help = "Genberegner søgeteksten for alle netværk, afdelinger og personer."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=search.BATCH_SIZE)

    def handle(self, *args, batch_size, **options):
        counts = rebuild_search_index(batch_size=batch_size)
        for model, count in counts.items():
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
        self.stdout.write(self.style.SUCCESS(f"I alt {sum(counts.values())} rækker"))

from django.core.management.base import BaseCommand

from netvaerk import balance
from portal import summaries


class Command(BaseCommand):
    help = (
        "Genberegn sekretariatets overblik for alle netværk og tidsbalancen for alle roller "
        "(køres dagligt: datoen alene ændrer fx hvor et netværk står i forhold til planen)."
    )

    def handle(self, *args, **options):
        count = summaries.refresh()
        self.stdout.write(f"{count} netværk genberegnet.")
        count = balance.refresh()
        self.stdout.write(f"Tidsbalancen for {count} roller genberegnet.")

"""Theme proposals for the demo: the open round with two proposals sent in (one with a
question from the secretariat) and a draft, through the same services as the pages."""

from django.core.management.base import BaseCommand
from django.db import transaction

from netvaerk.models import Network
from proposals import services
from proposals.models import Proposal
from roles.models import Department, Person

DEMO = [
    {
        "proposer": "deltager",
        "title": "Sund kost for ældre i eget hjem",
        "challenge": (
            "Ældre, der bor hjemme, taber sig ofte uden at nogen opdager det i tide. "
            "Hjemmeplejen, træningen og madservice ser hver sin del af billedet."
        ),
        "why_now": "Flere ældre bor længere i eget hjem, og genindlæggelserne stiger.",
        "citizens": "Ældre over 75 i eget hjem og deres pårørende.",
        "network_type": Network.Type.WELFARE,
        "departments": ["Ældre og Sundhed", "Social og Sundhed"],
        "submit": True,
    },
    {
        "proposer": "personaleleder",
        "title": "Færre skift for børn med særlige behov",
        "challenge": (
            "Børn med særlige behov møder mange nye voksne, når de skifter fra dagtilbud "
            "til skole. Ingen afdeling ejer overgangen alene."
        ),
        "why_now": "Den nye skolestruktur træder i kraft næste år.",
        "citizens": "Børn med særlige behov og deres familier.",
        "network_type": Network.Type.WELFARE,
        "departments": ["Dagtilbud", "Skoler og Fritid"],
        "submit": True,
        "question": "Hvor mange børn drejer det sig om om året, og hvem ville lede netværket?",
    },
    {
        "proposer": "netvaerksleder",
        "title": "Fælles indkøb af genbrugsmøbler",
        "challenge": "Institutionerne køber nye møbler hver for sig og kasserer brugbare.",
        "why_now": "Budgettet til inventar er skåret, og affaldsmålene skal nås.",
        "citizens": "",
        "network_type": Network.Type.LEARNING,
        "departments": ["By, Miljø og Teknik"],
        "submit": False,
    },
]


class Command(BaseCommand):
    help = "Indlæs demo-temaforslag (kan køres igen uden at lave dubletter)."

    @transaction.atomic
    def handle(self, *args, **options):
        secretariat = Person.objects.filter(user__username="sekretariat").first()
        made = 0
        for item in DEMO:
            proposer = Person.objects.filter(user__username=item["proposer"]).first()
            if proposer is None or Proposal.objects.filter(title=item["title"]).exists():
                continue
            proposal = services.proposal_save(
                proposal=Proposal(
                    title=item["title"],
                    challenge=item["challenge"],
                    why_now=item["why_now"],
                    citizens=item["citizens"],
                    network_type=item["network_type"],
                ),
                departments=Department.objects.filter(name__in=item["departments"]),
                by=proposer,
            )
            if item["submit"]:
                services.proposal_submit(proposal=proposal)
            if item.get("question") and secretariat is not None:
                services.proposal_ask_more(
                    proposal=proposal, question=item["question"], by=secretariat
                )
            made += 1
        self.stdout.write(f"{made} demo-temaforslag indlæst.")

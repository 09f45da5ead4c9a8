"""Seeded generator of synthetic Dutch interview transcripts in qualcode's text format, for benchmarks."""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

# -- word and phrase pools -----------------------------------------------------------------------------------
# Every list is a tuple in a fixed order: the output depends only on the seed and these pools.

PREFIXES = ("Wester", "Ooster", "Noorder", "Zuider", "Hoog", "Laag", "Linde", "Berg", "Amstel", "Vlie", "Zand",
            "Bree", "Eike", "Mols", "Dijk", "Heer", "Wolde", "Ros", "Kreek", "Beuke", "Esse", "Haze", "Vossen",
            "Kralinge", "Maas", "Ijssel", "Lange", "Oude", "Nieuw", "Groen")
SUFFIXES = ("broek", "veen", "haven", "waard", "dorp", "hoven", "akker", "landen", "wijk", "dam", "horst", "rade",
            "lo", "stein", "moer", "zande", "beek", "kerk", "meer", "hout")
SPECIAL_MUNICIPALITIES = ("'s-Heerenbeek", "Ter Aalst", "Sint-Odiliaveen", "Den Hulst")

FIRST_NAMES = ("Marieke", "Rick", "Sanne", "Tom", "Els", "Fatima", "Joost", "Annelies", "Bas", "Ingrid",
               "Mohamed", "Lotte", "Pieter", "Yvonne", "Daan", "Femke", "Hans", "Noor", "Sven", "Karin", "Erik",
               "Anouk", "Wouter", "Ilse", "Jeroen", "Saskia", "Ahmed", "Mirjam", "Gert", "Lieke", "Ruud", "Esra",
               "Koen", "Hanneke", "Thijs", "Naima")
SURNAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
            "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
            "de Graaf", "van der Meer", "van den Berg", "Kok", "Verhoef", "El Amrani", "Yilmaz", "Kuipers",
            "Vermeulen", "van Dijk", "Willems", "Bouzid", "ter Horst")
FUNCTIONS = ("beleidsadviseur duurzaamheid", "projectleider maatschappelijk vastgoed",
             "programmamanager warmtetransitie", "strateeg energietransitie", "adviseur vastgoedbeheer",
             "wethouder duurzaamheid", "teamleider beheer en onderhoud", "energiecoördinator",
             "beleidsmedewerker klimaat en energie", "accountmanager vastgoed", "regisseur RES",
             "projectleider aardgasvrije wijken", "adviseur netcongestie", "wijkregisseur")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
TITLES = ("Interviewverslag - Gemeente {g}", "Verslag interview gemeente {g}", "Interview {g}", "")

OPENING_TOPIC = "Verkenning context en ambities"
CLOSING_TOPIC = "Afsluiting en vooruitblik"
TOPICS = ("Verduurzaming maatschappelijk vastgoed", "Warmtetransitie en wijkaanpak",
          "Netcongestie en energie-infrastructuur", "Financiering en subsidies", "Ambtelijke capaciteit",
          "Samenwerking met partners", "Bewonersparticipatie en bewonersinitiatieven", "Monitoring en sturing",
          "Regionale samenwerking in de RES", "Wet- en regelgeving", "Verduurzaming van schoolgebouwen")

BUILDINGS = ("het stadhuis", "de sporthal", "het zwembad", "de bibliotheek", "het gemeentehuis", "de gemeentewerf",
             "een brede school", "het cultureel centrum", "het dorpshuis", "de kinderopvang", "het wijkcentrum",
             "de ijsbaan", "de brandweerkazerne", "het museum", "de gymzaal", "het theater", "de milieustraat",
             "het zorgcentrum")
SUBJECTS = ("de warmtetransitie", "de verduurzaming van het maatschappelijk vastgoed", "de netcongestie",
            "de DUMAVA-subsidie", "het energielabel C", "de transitievisie warmte", "het wijkuitvoeringsplan",
            "de RES", "de routekaart", "het meerjarenonderhoudsplan", "de aanbesteding van de installaties",
            "de zonnepanelen op de daken", "de aansluiting op het warmtenet", "de isolatieaanpak",
            "de ambtelijke capaciteit", "de samenwerking met de woningcorporatie", "het bewonersinitiatief",
            "de energiearmoede", "de laadinfrastructuur", "het collectieve warmtesysteem")
PARTIES = ("de netbeheerder", "de woningcorporatie", "de provincie", "de energiecoöperatie", "het Rijk",
           "de omgevingsdienst", "de buurgemeente", "het waterschap", "het schoolbestuur", "de sportvereniging",
           "het warmtebedrijf", "de raad", "het college", "de wethouder", "de afdeling Financiën", "de regio",
           "het RVO", "de VNG")
PROBLEMS = ("een gebrek aan capaciteit", "de lange wachtlijst voor een netaansluiting", "de stijgende bouwkosten",
            "het ontbreken van structurele middelen", "het personeelsverloop", "de krappe markt voor installateurs",
            "de onzekerheid over de Wet collectieve warmte", "de trage besluitvorming", "versnipperde budgetten",
            "te weinig draagvlak in de wijk", "de netcongestie", "de afhankelijkheid van inhuur")
MEASURES = ("een warmtepomp i.p.v. een nieuwe cv-ketel", "extra dakisolatie", "LED-verlichting", "zonnepanelen",
            "een aansluiting op het warmtenet", "HR++-glas", "een batterij om de piek af te vlakken",
            "slimme meters", "een energiescan per gebouw", "een gezamenlijke inkoop", "vloerisolatie",
            "een hybride warmtepomp", "warmteterugwinning in de ventilatie")
NEIGHBOURHOODS = ("Kerkbuurt", "De Horst", "Molenwijk", "het Stationskwartier", "Noorderpark", "De Vlinder",
                  "Oud-Zuid", "de Bloemenbuurt", "Hoge Akker")
COUNTS = ("ca. 140", "ruim 60", "zo'n 25", "bijna 300", "ongeveer 80", "een stuk of 12", "ca. 35", "ruim 200")
AMOUNTS = ("€ 1,2 miljoen", "€ 450.000", "ruim twee ton", "€ 3 miljoen", "ca. € 800.000", "€ 95.000",
           "bijna € 2 miljoen")
PERCENTAGES = ("30", "15", "40", "twintig", "vijftig", "25", "60")
FTES = ("anderhalve", "twee", "drie", "vier", "een halve", "2,5")
QUOTES = ("Daar hebben we op dit moment geen capaciteit voor.", "We zitten vol tot {jaar}.",
          "Dat moet gewoon gebeuren.", "Laat eerst maar zien dat het werkt.", "Waarom zouden wij voorop lopen?",
          "Doe het dan in één keer goed.", "Het net is hier gewoon op.")

# Sentences a respondent says. A sentence holds no colon before its quote, so it never looks like a label.
ANSWERS = (
    "We zijn begonnen met {onderwerp}, maar dat ging minder snel dan gehoopt.",
    "Het grootste probleem is eigenlijk {probleem}.",
    "Bij {gebouw} hebben we o.a. {maatregel} toegepast.",
    "Samen met {partij} kijken we nu naar {onderwerp}.",
    "Dat heeft alles te maken met {probleem}, dat merk je overal.",
    "In {jaar} heeft {partij} besloten om meer tempo te maken met {onderwerp}.",
    "Eerlijk gezegd hadden we {probleem} onderschat.",
    "Voor {gebouw} geldt bijv. dat we eerst moeten wachten op {partij}.",
    "We hebben {aantal} objecten in beheer, van {gebouw} tot {gebouw2}.",
    "De meerkosten t.o.v. een gewone renovatie waren ongeveer {procent} procent.",
    "Met de DUMAVA-regeling hebben we {bedrag} binnengehaald voor {gebouw}.",
    "Dan zegt {partij} gewoon letterlijk “{citaat}”",
    "Iemand van {partij} zei toen “{citaat}” Dat bleef wel hangen.",
    "Netcongestie speelt hier echt, we kunnen {gebouw} niet elektrificeren zolang {partij} geen ruimte heeft.",
    "Het energielabel van {gebouw} is nu nog een E, en het moet minimaal naar label C.",
    "Dat klinkt mooi op papier, maar in de praktijk...",
    "Nou ja, je moet het ook een beetje zien als een leerproces.",
    "Het bewonersinitiatief in {wijk} is daar een goed voorbeeld van.",
    "De bewoners in {wijk} hebben zelf een energiecoöperatie opgericht, met {aantal} leden.",
    "Zonder extra capaciteit lukt dat gewoon niet.",
    "We hebben nu {fte} fte voor de hele warmtetransitie, en dat is echt te weinig.",
    "Dat verschilt per gebouw, dus o.a. de leeftijd en de staat van onderhoud spelen mee.",
    "Wat ons helpt is dat {partij} meedenkt, bijv. over de volgorde van de wijken.",
    "Het is een kwestie van lange adem.",
    "Daar zijn we nog niet uit, eerlijk is eerlijk.",
    "Ik denk dat {onderwerp} de komende jaren de grootste opgave blijft.",
    "We koppelen het zoveel mogelijk aan natuurlijke momenten, zoals een dakvervanging of groot onderhoud.",
    "In het meerjarenonderhoudsplan staat voor {gebouw} een renovatie gepland in {jaar}.",
    "De raad heeft daar in {jaar} {bedrag} voor vrijgemaakt, maar dat is eenmalig geld.",
    "Je ziet dat {probleem} echt remmend werkt.",
    "Het scheelt dat we nu een vast aanspreekpunt bij {partij} hebben.",
    "Wij willen als gemeente het goede voorbeeld geven, dat staat ook zo in de routekaart.",
    "De samenwerking met {partij} loopt goed, al is het soms zoeken naar wie waarvoor verantwoordelijk is.",
    "Bij de voorjaarsnota is verduurzaming vaak een van de eerste posten waar men naar kijkt.",
    "Dat is dan weer het lastige van {onderwerp}.",
    "Wat ik wel merk, is dat de ambtelijke capaciteit onder druk staat.",
    "De subsidie dekt ongeveer {procent} procent van de kosten, de rest betalen we zelf.",
    "Dus ja, we zijn wel afhankelijk van {partij}.",
    "Voor {gebouw} hebben we {maatregel} en {maatregel2} in één keer meegenomen.",
    "We wachten nog op een besluit van {partij} over {onderwerp}...",
    "Dat is geen onwil, maar {probleem} maakt het gewoon lastig.",
    "Vorig jaar is het energielabel van {gebouw} van G naar B gegaan.",
    "Sinds {jaar} hebben we een programmateam voor {onderwerp}, met mensen van vastgoed en van beleid.",
    "Het is ook een cultuurding, d.w.z. dat afdelingen gewend zijn om los van elkaar te werken.",
    "We proberen bewoners vroeg te betrekken, bijv. met keukentafelgesprekken en een informatieavond.",
    "De netbeheerder heeft m.b.t. {wijk} aangegeven dat uitbreiding pas na {jaar} mogelijk is.",
    "We hebben {aantal} aanvragen voor een zwaardere aansluiting die nog op de wachtlijst staan.",
    "Daarom hebben we gekozen voor {maatregel}, dat vraagt minder van het net.",
    "De ambitie is dat het eigen vastgoed in {jaar2} CO₂-neutraal is.",
    "Eigenlijk is {onderwerp} vooral een organisatievraagstuk.",
    "Dat is een “quick win”, zeg maar, maar de grote stappen moeten nog komen.",
    "Wij hebben {partij} gevraagd om mee te financieren, maar dat is nog niet rond.",
    "Met de huidige capaciteit halen we misschien de helft van wat in de routekaart staat.",
    "Je zou willen dat {partij} meer regie neemt.",
    "Tussen haakjes, de prijzen van installaties zijn t.o.v. {jaar} flink gestegen.",
)
CONTINUATIONS = (
    "Daarnaast speelt nog iets anders mee.", "Wat ook meespeelt is de timing.", "En dan nog iets.",
    "Om daar nog even op terug te komen.", "Verder is het goed om te weten dat het per wijk verschilt.",
)
OPENERS = ("Ja, zeker.", "Nou, dat is een goede vraag.", "Lastig.", "Eh, even denken.", "Ja.", "Goeie vraag.",
           "Nou ja...", "Dat is wel een dingetje.", "Klopt.")
QUESTIONS = (
    "Kun je kort vertellen wat je rol is binnen de gemeente?",
    "Hoe pakken jullie {onderwerp} concreet aan?",
    "Wat zijn op dit moment de grootste belemmeringen?",
    "Welke rol speelt {partij} daarin?",
    "Kun je een voorbeeld geven?",
    "Hoe gaan jullie om met {probleem}?",
    "Merken jullie dat ook in de dagelijkse praktijk?",
    "Wat zou volgens jou helpen om sneller te gaan?",
    "Hoe is de samenwerking met {partij}?",
    "Wat betekent netcongestie concreet voor {gebouw}?",
    "Hoe betrekken jullie bewoners bij {onderwerp}?",
    "Hebben jullie gebruikgemaakt van de DUMAVA-regeling?",
    "Hoe staat het met de energielabels van jullie gebouwen?",
    "Wat zou je anders doen als je opnieuw mocht beginnen?",
    "Is er voldoende capaciteit om dit allemaal uit te voeren?",
    "En hoe kijkt {partij} daartegen aan?",
    "Wat bedoel je precies met “{kort}”?",
    "Hoe verhoudt {onderwerp} zich tot {onderwerp2}?",
    "Zijn er andere opgaven die met verduurzaming concurreren?",
    "Hoe houden jullie bij of het werkt?",
)
QUESTION_LEADS = ("Helder.", "Dank je.", "Interessant.", "Oké.", "Duidelijk.", "Mooi.")
SHORT_TERMS = ("regie", "natuurlijke momenten", "no-regret", "de wachtrij", "quick win", "maatwerk")

_SLUG = re.compile(r"[^a-z0-9]+")


# -- generation -----------------------------------------------------------------------------------------------
def _words(text: str) -> int:
    return len(text.split())


def _fill(rng: random.Random, template: str) -> str:
    """Fill a template's {slots} from the pools; two slots of one kind get different values."""
    def two(pool: Sequence[str]) -> tuple[str, str]:
        first, second = rng.sample(pool, 2)
        return first, second

    if "{" not in template:
        return template
    gebouw, gebouw2 = two(BUILDINGS)
    onderwerp, onderwerp2 = two(SUBJECTS)
    maatregel, maatregel2 = two(MEASURES)
    jaar = rng.randint(2018, 2026)
    values = {
        "gebouw": gebouw, "gebouw2": gebouw2, "onderwerp": onderwerp, "onderwerp2": onderwerp2,
        "maatregel": maatregel, "maatregel2": maatregel2, "partij": rng.choice(PARTIES),
        "probleem": rng.choice(PROBLEMS), "wijk": rng.choice(NEIGHBOURHOODS), "aantal": rng.choice(COUNTS),
        "bedrag": rng.choice(AMOUNTS), "procent": rng.choice(PERCENTAGES), "fte": rng.choice(FTES),
        "jaar": str(jaar), "jaar2": str(rng.choice((2030, 2035, 2040, 2050))), "kort": rng.choice(SHORT_TERMS),
    }
    values["citaat"] = rng.choice(QUOTES).format(jaar=rng.randint(2026, 2031))
    return template.format(**values)


def _municipality(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(SPECIAL_MUNICIPALITIES)
    return rng.choice(PREFIXES) + rng.choice(SUFFIXES)


def _people(rng: random.Random, respondents: int) -> tuple[str, list[tuple[str, str]]]:
    """Return the interviewer and (name, function) per respondent; everyone has a different first name."""
    firsts = rng.sample(FIRST_NAMES, respondents + 1)
    surnames = rng.sample(SURNAMES, respondents + 1)
    functions = rng.sample(FUNCTIONS, respondents)
    interviewer = f"{firsts[0]} {surnames[0]}"
    return interviewer, [(f"{firsts[i + 1]} {surnames[i + 1]}", functions[i]) for i in range(respondents)]


def _answer(rng: random.Random) -> list[str]:
    """Return an answer as paragraphs of sentences: 1-8 sentences, a long answer sometimes in two paragraphs."""
    count = rng.randint(1, 8)
    sentences = [_fill(rng, rng.choice(ANSWERS)) for _ in range(count)]
    if rng.random() < 0.3:
        sentences[0] = rng.choice(OPENERS) + " " + sentences[0]
    if count >= 5 and rng.random() < 0.35:
        cut = rng.randint(2, count - 2)
        second = [rng.choice(CONTINUATIONS), *sentences[cut:]]
        return [" ".join(sentences[:cut]), " ".join(second)]
    return [" ".join(sentences)]


def _question(rng: random.Random, first: bool, plural: bool) -> str:
    if first:
        if plural:
            return "Dank jullie wel dat jullie tijd vrijmaken. Kunnen jullie kort vertellen wat jullie rol is?"
        return "Dank je wel dat je tijd vrijmaakt. " + QUESTIONS[0]
    question = _fill(rng, rng.choice(QUESTIONS[1:]))
    if rng.random() < 0.3:
        question = rng.choice(QUESTION_LEADS) + " " + question
    return question


def transcript(rng: random.Random, words: int) -> tuple[str, str]:
    """Return (municipality, text) of one transcript of about `words` words (counted as str.split does)."""
    municipality = _municipality(rng)
    interviewer, respondents = _people(rng, rng.choice((1, 1, 2)))
    title = rng.choice(TITLES).format(g=municipality)
    date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice((2024, 2025))}"
    lines = [title, ""] if title else []
    lines += [f"Gemeente: {municipality}", "Gesprekspartners:"]
    lines += [f"{name}, {function}" for name, function in respondents]
    lines += [f"Datum: {date}", f"Interviewer: {interviewer}", ""]

    sections = max(1, min(9, round(words / 300)))
    middle = rng.sample(TOPICS, min(len(TOPICS), max(0, sections - 2)))
    topics = ([OPENING_TOPIC, *middle, CLOSING_TOPIC] if sections >= 2 else [OPENING_TOPIC])[:sections]
    asker = interviewer.split()[0]
    speakers = [name.split()[0] for name, _ in respondents]
    total = sum(_words(line) for line in lines)
    for number, topic in enumerate(topics, start=1):
        lines += [f"{number}. {topic}", ""]
        total += _words(lines[-2])
        section_end = words * number // len(topics)
        first_pair = True
        while first_pair or total < section_end:
            question = _question(rng, number == 1 and first_pair, len(speakers) > 1)
            answer = _answer(rng)
            speaker = rng.choice(speakers)
            block = [f"{asker}: {question}", "", f"{speaker}: {answer[0]}", ""]
            for paragraph in answer[1:]:
                block += [paragraph, ""]
            lines += block
            total += sum(_words(line) for line in block)
            first_pair = False
    return municipality, "\n".join(lines).rstrip("\n") + "\n"


def _slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")


def generate(out_dir: Path, documents: int, words: int, seed: int) -> list[Path]:
    """Write `documents` transcripts of about `words` words each to out_dir; the same seed gives the same bytes.

    Document i depends only on (seed, i), so a smaller corpus is a prefix of a larger one with the same seed.
    Files already in out_dir are left alone (a file with the same name is overwritten).
    """
    if documents < 1 or words < 1:
        raise ValueError("documents and words must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    width = max(4, len(str(documents)))
    for index in range(documents):
        rng = random.Random(f"qualcode-bench:{seed}:{index}")
        municipality, text = transcript(rng, words)
        path = out_dir / f"{index + 1:0{width}d}-{_slug(municipality)}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder to write the transcripts to (created if missing)")
    parser.add_argument("--documents", type=int, default=50, help="number of transcripts (default 50)")
    parser.add_argument("--words", type=int, default=2000, help="about this many words each (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.documents < 1 or args.words < 1:
        parser.error("--documents and --words must be at least 1")
    paths = generate(args.out_dir, args.documents, args.words, args.seed)
    total = sum(_words(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} transcripts, {total:,} words, to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the text write-ups whose bytes matter (encoding, BOM, CRLF, hard wrapping): `python tests/corpus/make_text.py`.

Fictional people and gemeenten. The other text write-ups in writeups/ are written as they are.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).parent / "writeups"

# Text saved from Word as Windows-1252 with CRLF; every paragraph had an empty paragraph after it.
SAVED_FROM_WORD = [
    "Interviewverslag Brakelburg",
    "Gemeente: Brakelburg",
    "Gesprekspartner: Femke Jacobs",
    "Functie: adviseur duurzame gebouwen",
    "Datum: dinsdag 8 april 2025",
    "Interviewer: Thijs van Leeuwen",
    "1. Aanleiding",
    "Thijs: Kun je vertellen hoe je bij dit onderwerp betrokken bent geraakt?",
    "Femke: Ik kwam in 2020 binnen als energieadviseur, toen nog voor de woningen. Na een reorganisatie ben ik naar "
    "het team vastgoed gegaan. Daar bleek niemand echt tijd te hebben voor verduurzaming, dus dat werd mijn taak.",
    "Thijs: Hoe groot is de opgave?",
    "Femke: We hebben ruim tachtig gebouwen, waaronder twaalf scholen. De scholen zijn formeel van de "
    "schoolbesturen, maar in de praktijk kijken ze naar ons. Het gaat om tientallen miljoenen euro’s als je alles "
    "naar Paris Proof wilt brengen.",
    "2. Financiering",
    "Thijs: Hoe wordt dat betaald?",
    "Femke: Een deel uit het onderhoudsbudget, een deel uit de DUMAVA. We hebben in de eerste ronde ruim € 900.000 "
    "subsidie gekregen. Dat klinkt veel, maar het is maar een klein deel van wat nodig is.",
    "Het lastige is dat de subsidie per project wordt toegekend. Daardoor plannen we rond de subsidierondes in "
    "plaats van rond het onderhoud.",
    "Thijs: Wat vindt het bestuur daarvan?",
    "Femke: De wethouder is enthousiast, maar de raad kijkt vooral naar de kosten. Bij de begroting komt elk jaar "
    "de vraag of het niet wat rustiger aan kan. Ik leg dan uit dat uitstel uiteindelijk duurder is, omdat je een "
    "gebouw dan twee keer moet aanpakken.",
    "3. Samenwerking",
    "Thijs: Werken jullie samen met andere gemeenten?",
    "Femke: We hebben een regionaal netwerk van vastgoedadviseurs. Eén keer per kwartaal komen we bij elkaar en "
    "delen we ervaringen met aanbestedingen en installateurs. Dat is heel waardevol, want je hoeft het wiel niet "
    "zelf uit te vinden.",
    "Thijs: Wat zou je nog willen verbeteren?",
    "Femke: Ik zou graag zien dat we samen één adviseur inhuren voor de regio. Nu huurt elke gemeente apart een "
    "bureau in voor dezelfde vraag. Dat is zonde van het geld en van de tijd.",
    "Thijs: Dank je wel, Femke.",
]

# UTF-8 with BOM and CRLF; the respondents listed with empty lines between them.
TWO_RESPONDENTS = """Verslag interview gemeente Zandmerwede

Respondenten:

Karin Smeets (teamleider vastgoed)

Bas Mulder - energiecoördinator

Datum: 20 mei 2025
Interviewer: Daan Kok

1. Organisatie van de verduurzaming

Daan: Hoe is de verduurzaming van het vastgoed bij jullie georganiseerd?

Karin: Het team vastgoed is eigenaar van de gebouwen en dus ook van de verduurzaming. Bas zit formeel bij het \
team duurzaamheid, maar hij werkt twee dagen per week bij ons.

Bas: Dat is een constructie die we zelf hebben bedacht. Zo hoef ik niet bij elke vraag een formulier in te vullen \
om uren te krijgen.

Daan: Werkt dat goed?

Karin: Meestal wel. Het hangt wel erg aan personen. Als Bas vertrekt, zijn we veel kennis kwijt.

2. Knelpunten

Daan: Waar lopen jullie tegenaan?

Bas: Capaciteit, en dan vooral technische kennis. We hebben niemand die een installatieadvies echt kan \
beoordelen. Dus huren we een bureau in om het werk van een ander bureau te controleren.

Karin: En de prijzen zijn flink gestegen. Projecten die we in 2022 hebben begroot, kosten nu bijna de helft meer.

Daan: Hoe gaan jullie daarmee om?

Karin: We schuiven projecten op naar het moment van groot onderhoud. Dat is goedkoper, maar het betekent wel dat \
sommige gebouwen pas na 2030 aan de beurt zijn.

Bas: Voor de doelen van de routekaart is dat eigenlijk te laat. Daar moeten we eerlijk over zijn richting de raad.

3. Vooruitblik

Daan: Wat verwachten jullie van de komende jaren?

Bas: Ik hoop op een regionale aanpak. De gemeenten in onze regio hebben allemaal dezelfde gebouwen, dezelfde \
problemen en te weinig mensen.

Karin: Ik zou al blij zijn met meer zekerheid over geld. Een subsidieronde per jaar is geen basis voor een \
meerjarenplanning.

Daan: Dank jullie wel voor dit gesprek.
"""

# Copied out of a PDF report: one printed line per line, an empty line after each, hyphenation at line ends
# ("|" marks where a word may be broken), a running footer every 40 printed lines, twice in mid-sentence.
FOOTER = "J. Jansen   Warmte in de regio   Pagina {page}"
HARD_WRAPPED_HEADER = [
    "Interviewverslag gemeente Gralingen",
    "Gemeente: Gralingen",
    "Gesprekspartner: Wim Hoekstra, beleidsadviseur energietransitie",
    "Datum: 6 maart 2025",
    "Interviewer: Jolien Jansen",
]
HARD_WRAPPED_BODY = [
    "1. De opgave in Gralingen",
    "Jolien: Kun je om te beginnen schetsen voor welke opgave Gralingen staat als het gaat om de warmtetransitie "
    "en het eigen vastgoed?",
    "Wim: Gralingen is een plattelandsgemeente in het oosten van Noord-Brabant met vijf kernen. Veel woningen zijn "
    "oud en slecht geïsoleerd, en bijna alle gebouwen zitten nog op het aardgas. Van onze eigen gebouwen heeft "
    "ongeveer de helft een energie|label D of slechter. De opgave is dus groot, en dat geldt zowel voor de woningen "
    "als voor het maatschappelijk vastgoed.",
    "Jolien: Hoe groot is het team dat daaraan werkt?",
    "Wim: Dat is precies het punt waar het knelt. Voor de hele verduurzamings|opgave hebben we drie mensen, "
    "en een van hen is ook nog "
    "beleidsadviseur voor afval. Bij vastgoed zit een technisch beheerder die de onderhoudsplanning maakt, maar die "
    "heeft geen tijd om zich in warmtepompen te verdiepen. We huren veel in, en met elke adviseur die vertrekt, "
    "gaat er kennis verloren.",
    "Jolien: Hoe kijkt het bestuur naar die opgave?",
    "Wim: De wethouder wil graag, maar de raad is kritisch op de kosten. Er is een motie aangenomen dat de "
    "gemeente geen voorschot mag nemen op het Rijksbeleid. In de praktijk betekent dat dat we wachten op de "
    "landelijke normering en vooral doen wat echt moet.",
    "2. Netcongestie en de CO₂-opgave",
    "Jolien: Jullie hebben naast het vastgoed ook een eigen doel voor de CO₂-|uitstoot van de eigen organisatie. "
    "Hoe staat het daarmee?",
    "Wim: We willen in 2030 de helft minder uitstoten dan in 2019. Voor het gemeentehuis en de sporthal lukt dat "
    "waarschijnlijk, omdat we daar zonnepanelen en een warmtepomp hebben gepland. Maar de netbeheerder heeft ons "
    "vorig jaar laten weten dat er in onze regio voorlopig geen nieuwe grote aansluitingen bij kunnen. De netcongestie "
    "gooit dus een deel van onze plannen in de war.",
    "Jolien: Wat doen jullie in de tussentijd?",
    "Wim: We isoleren eerst, want dat kan altijd. Daarnaast kijken we met de buurgemeenten naar een gezamenlijke "
    "aanpak. We trekken op met een paar G40-|gemeenten uit de provincie, omdat die al verder zijn met het gesprek "
    "met de netbeheerder. Zij hebben bijvoorbeeld afspraken gemaakt over flexibele contracten, waarbij de "
    "gemeente op drukke momenten minder stroom afneemt.",
    "Jolien: Helpt die samenwerking?",
    "Wim: Ja, vooral omdat we niet alles zelf hoeven uit te zoeken. Maar de grote gemeenten hebben een eigen "
    "energieteam en een eigen jurist, dus hun tempo ligt veel hoger. Voor ons is het soms lastig om aan te haken.",
    "3. Wat nodig is",
    "Jolien: Wat zou jullie het meest helpen?",
    "Wim: Structurele financiering, zodat we vaste mensen kunnen aannemen in plaats van steeds weer in te huren. En "
    "duidelijkheid van de netbeheerder over wanneer er wel ruimte komt, zodat we onze investeringen daarop kunnen "
    "afstemmen.",
    "Jolien: En van de provincie?",
    "Wim: Dat de provincie de kleine gemeenten helpt met kennis en met de regie op de warmte. Nu moet iedere "
    "gemeente zelf het wiel uitvinden, terwijl de vragen overal hetzelfde zijn.",
    "Jolien: Jullie zijn een kleine gemeente. Merk je dat in het contact met de netbeheerder?",
    "Wim: Zeker. Een grote stad heeft een vaste accountmanager, wij krijgen bij elke vraag iemand anders aan de "
    "lijn. Daarom hebben we met vier buurgemeenten afgesproken dat we voortaan met één stem spreken. De eerste "
    "gesprekken daarover zijn goed verlopen, al is het nog te vroeg om te zeggen wat het oplevert.",
    "Jolien: Dank je wel voor je tijd.",
]


def wrap(paragraph: str, width: int) -> list[str]:
    """Break a paragraph into printed lines, hyphenating a marked word that does not fit."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        plain = word.replace("|", "")
        if not line or len(line) + 1 + len(plain) <= width:
            line = f"{line} {plain}".strip()
            continue
        head, _, tail = word.partition("|")
        head = head if head.endswith("-") else f"{head}-"
        if tail and len(line) + 1 + len(head) <= width:
            lines.append(f"{line} {head}")
            line = tail
        else:
            lines.append(line)
            line = plain
    lines.append(line)
    return lines


def printed_lines(paragraph: str) -> list[str]:
    """Wrap at the widest measure near 75 characters at which every marked word falls at a line end."""
    marked = paragraph.count("|")
    for width in range(76, 60, -1):
        lines = wrap(paragraph, width)
        if sum(line.endswith("-") for line in lines[:-1]) == marked:
            return lines
    raise ValueError(f"no measure hyphenates every marked word of {paragraph[:40]!r}")


def hard_wrapped() -> str:
    printed = [*HARD_WRAPPED_HEADER]
    for paragraph in HARD_WRAPPED_BODY:
        printed.extend(printed_lines(paragraph))
    # The write-up starts low on page 14 of the report; a page holds 40 printed lines.
    out: list[str] = []
    page, on_page = 14, 27
    for line in printed:
        out.append(line)
        on_page += 1
        if on_page == 40:
            out.append(FOOTER.format(page=page))
            page, on_page = page + 1, 0
    out.append(FOOTER.format(page=page))
    return "".join(f"{line}\n\n" for line in out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    saved = "".join(f"{line}\r\n\r\n" for line in SAVED_FROM_WORD)
    (OUT / "04-tekst-uit-word-cp1252.txt").write_bytes(saved.encode("cp1252"))
    (OUT / "05-twee-respondenten-bom.txt").write_bytes(b"\xef\xbb\xbf" + TWO_RESPONDENTS.replace("\n", "\r\n")
                                                       .encode("utf-8"))
    (OUT / "10-pdf-tekst-afgebroken.txt").write_text(hard_wrapped(), encoding="utf-8")


if __name__ == "__main__":
    main()

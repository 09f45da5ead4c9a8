"""Build the Word write-ups of the test corpus (fictional people and gemeenten): `python tests/corpus/make_docx.py`.

Each write-up is a list of blocks: a string is a paragraph, "" an empty paragraph, and a tuple is
("style", text) for a Word style, ("table", rows) for a two-column header table, ("breaks", lines) for one
paragraph with soft line breaks, ("indent", text) for an indented paragraph.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Cm, Pt

OUT = Path(__file__).parent / "writeups"

Block = str | tuple[str, object]

WORD_EMPTY_PARAGRAPHS: list[Block] = [
    "Interviewverslag gemeente Kleidorp", "",
    "Gemeente: Kleidorp", "",
    "Interviewer: Pieter Smit", "",
    "Gesprekspartners:", "",
    "Anna de Graaf, beleidsadviseur energie", "",
    "Joost Hendriks, projectleider vastgoed", "",
    "Datum: 3 juni 2025", "",
    "1. Ambities en beleid", "",
    "Pieter: Dank jullie wel voor jullie tijd. Kunnen jullie kort vertellen wat jullie doen binnen de gemeente "
    "Kleidorp?", "",
    "Anna: Ik ben beleidsadviseur energie en werk nu vier jaar bij Kleidorp. Ik schrijf mee aan de transitievisie "
    "warmte en ik ben het aanspreekpunt voor de energiecoöperatie. Daarnaast zit ik namens de gemeente in de "
    "werkgroep van de RES.", "",
    "Joost: En ik ben projectleider vastgoed. Ik ga over het onderhoud en de verduurzaming van onze eigen "
    "gebouwen, van het gemeentehuis tot de gymzalen en de gemeentewerf. In totaal zijn dat zo’n zestig objecten.",
    "",
    "Pieter: Hoe zou je de ambitie van Kleidorp omschrijven?", "",
    "Anna: De raad heeft in 2023 een routekaart vastgesteld. Ons eigen vastgoed moet in 2040 Paris Proof zijn, met "
    "een tussenstap in 2030. Dat klinkt ver weg, maar het betekent dat we elk jaar een paar gebouwen flink moeten "
    "aanpakken.", "",
    "Eerlijk gezegd was die ambitie vooral een politieke keuze. De ambtelijke organisatie had toen nog geen idee "
    "wat het zou kosten.", "",
    "Pieter: Merken jullie dat de routekaart helpt?", "",
    "Joost: Ja, zeker. Als ik een warmtepomp voorstel in plaats van een nieuwe cv-ketel, hoef ik niet meer langs "
    "drie afdelingen. De routekaart geeft ons mandaat.", "",
    "2. Vastgoed", "",
    "Pieter: Hoe pakken jullie het vastgoed concreet aan?", "",
    "Joost: We hebben in 2024 alle gebouwen laten doorlichten. Per gebouw weten we nu het energielabel, het "
    "werkelijk energiegebruik en de staat van onderhoud. We verduurzamen zoveel mogelijk op natuurlijke momenten, "
    "bijvoorbeeld als een dak toch vervangen moet worden.", "",
    "Pieter: Kun je daar een voorbeeld van geven?", "",
    "Joost: Bij sporthal De Klaproos moest het dak eraf. We hebben meteen extra geïsoleerd en er zonnepanelen op "
    "gelegd. De meerkosten waren ongeveer een kwart van de totale investering.", "",
    "Anna: Wat daarbij hielp, is dat we de DUMAVA-subsidie hebben gekregen. Zonder die bijdrage had het college "
    "het niet aangedurfd.", "",
    "3. Samenwerking en capaciteit", "",
    "Pieter: Hoe verloopt de samenwerking binnen de gemeente?", "",
    "Anna: Beter dan een paar jaar geleden. Vastgoed en duurzaamheid zaten vroeger op twee verschillende "
    "verdiepingen en spraken elkaar nauwelijks. Nu hebben we elke twee weken een overleg.", "",
    "Pieter: En met andere gemeenten in de regio?", "",
    "Joost: We delen kennis met de buurgemeenten, vooral over aanbestedingen. Samen inkopen scheelt geld en tijd. "
    "Maar capaciteit blijft het grootste probleem, want we zijn met twee mensen voor zestig gebouwen.", "",
    "Pieter: Wat zou het Rijk volgens jullie moeten doen?", "",
    "Anna: Structurele financiering. Met subsidies per project blijf je achter de feiten aanlopen. We willen "
    "meerjarig kunnen plannen en vaste mensen kunnen aannemen.", "",
    "Pieter: Dank jullie wel, dit was erg nuttig.", "",
]

WORD_NO_EMPTY_PARAGRAPHS: list[Block] = [
    "Interview gemeente Veenhuizen-aan-Zee",
    "Gemeente: Veenhuizen-aan-Zee",
    "Gesprekspartner: Marloes Kuipers, wethouder duurzaamheid en vastgoed",
    "Datum: 12-03-2025",
    "Interviewer: Sanne Visser",
    "1. Rol en portefeuille",
    "Sanne: Fijn dat u tijd heeft. Kunt u iets vertellen over uw portefeuille?",
    "Marloes: Ik ben sinds 2022 wethouder, met in mijn portefeuille duurzaamheid, vastgoed en de haven. Dat is een "
    "logische combinatie, want juist bij ons eigen vastgoed kunnen we laten zien wat we van inwoners en bedrijven "
    "vragen.",
    "Sanne: Wat is voor u de belangrijkste opgave op dit moment?",
    "Marloes: Zonder twijfel de netcongestie. We hebben plannen voor een nieuwe sporthal met een warmtepomp en "
    "zonnepanelen, maar de netbeheerder kan ons pas in 2029 een zwaardere aansluiting geven.",
    "Dat hadden we drie jaar geleden niet kunnen bedenken. Toen was het net iets waar niemand over nadacht.",
    "2. Netcongestie",
    "Sanne: Hoe gaan jullie daarmee om?",
    "Marloes: We kijken nu naar batterijopslag en naar slim laden bij de gemeentewerf. Daarnaast praten we met de "
    "ondernemers op het bedrijventerrein over een energiehub. Als we het net samen slimmer gebruiken, past er "
    "meer op.",
    "Sanne: Is dat ook iets wat u bestuurlijk oppakt?",
    "Marloes: Ja, ik zit namens de regio aan tafel bij de provincie en de netbeheerder. Daar merk je dat alle "
    "gemeenten tegen hetzelfde aanlopen. Een gezamenlijke lobby richting het Rijk is dan veel sterker dan dat "
    "iedere wethouder afzonderlijk gaat bellen.",
    "Sanne: Wat betekent de netcongestie voor de planning van het vastgoed?",
    "Marloes: Dat we sommige gebouwen eerst isoleren en pas later elektrificeren. Dat is eigenlijk ook de goede "
    "volgorde, want een goed geïsoleerd gebouw heeft een kleinere warmtepomp nodig.",
    "3. Wat er nodig is",
    "Sanne: Wat heeft u nodig om de doelen te halen?",
    "Marloes: Vooral mensen. We hebben twee vacatures voor een energieadviseur die al een jaar openstaan. Kleine "
    "gemeenten kunnen niet concurreren met de salarissen van adviesbureaus.",
    "Ik zou graag zien dat gemeenten in de regio één team delen. Dan heb je ook meer kennis in huis.",
    "Sanne: Dank u wel voor het gesprek.",
    "Marloes: Graag gedaan.",
]

WORD_TABLE_AND_HEADINGS: list[Block] = [
    ("Title", "Interview gemeente Ommerveen"),
    ("table", [("Gemeente", "Ommerveen"), ("Gesprekspartner", "Ruud Veldkamp"),
               ("Functie", "programmamanager warmtetransitie"), ("Datum", "9 april 2025"),
               ("Interviewer", "Fleur Dekker")]),
    ("Heading 2", "Warmtetransitie"),
    "Fleur: Hoe staat de warmtetransitie er in Ommerveen voor?",
    ("breaks", ["Ruud: De transitievisie warmte is in 2021 vastgesteld. We hebben toen drie wijken aangewezen waar "
                "we als eerste aan de slag zouden gaan.",
                "Inmiddels zijn we daar voorzichtiger in geworden. In één van die wijken bleek een warmtenet veel "
                "duurder dan gedacht."]),
    "Fleur: Wat betekende dat voor de bewoners?",
    ("breaks", ["Ruud: Er was veel onrust. Mensen hadden het gevoel dat er over hun hoofd heen werd beslist.",
                "We hebben daarna een bewonersavond georganiseerd en eerlijk verteld wat we wel en niet wisten. Dat "
                "vertrouwen moesten we echt opnieuw opbouwen."]),
    "Fleur: Hoe ziet de aanpak er nu uit?",
    "Ruud: We werken nu met een wijkuitvoeringsplan per buurt, samen met de woningcorporatie. De corporatie heeft "
    "een groot deel van de woningen in bezit, dus zonder hen gebeurt er weinig.",
    ("Heading 2", "Koppelkansen met vastgoed"),
    "Fleur: Speelt het gemeentelijk vastgoed daarin een rol?",
    ("breaks", ["Ruud: Ja, dat is een van de koppelkansen. Het zwembad en de sporthal liggen midden in de wijk "
                "Hoogakker. Die kunnen als eerste afnemer dienen voor een klein warmtenet.",
                "Als de gemeente zelf aansluit, durven anderen het ook eerder."]),
    "Fleur: Hoe werken vastgoed en de warmtetransitie samen?",
    "Ruud: Dat gaat nog niet vanzelf. Vastgoed kijkt naar onderhoudsplanningen en budgetten per gebouw, wij kijken "
    "naar wijken. Sinds vorig jaar zit er één keer per maand iemand van vastgoed bij ons programmaoverleg.",
    ("Heading 2", "Tot slot"),
    "Fleur: Wat zou u andere gemeenten willen meegeven?",
    "Ruud: Begin klein en wees eerlijk over wat je niet weet. En zorg dat je genoeg capaciteit hebt, want een "
    "warmtenet voorbereiden kost jaren.",
    "Fleur: Hoe kijkt u naar de rol van het Rijk?",
    "Ruud: Het Rijk zou meer zekerheid moeten geven over de financiering van warmtenetten. Nu durft bijna geen "
    "enkele gemeente als eerste een groot risico te nemen, en dat begrijp ik ook wel.",
    "Fleur: Dank u wel.",
]

WORD_CONDENSED: list[Block] = [
    "Interviewverslag (gecondenseerd) – gemeente Westerkolk",
    "Gemeente: Westerkolk",
    "Gesprekspartner: Anna Willems, projectleider warmtetransitie",
    "Datum: 2 mei '25",
    "Interviewer: Pieter Smit", "",
    "1. Aanleiding en rol", "",
    "Anna werkt sinds 2021 bij de gemeente Westerkolk als projectleider warmtetransitie. Ze is verantwoordelijk "
    "voor de uitvoering van de transitievisie warmte en voor de contacten met de woningcorporatie. Daarvoor werkte "
    "ze bij een adviesbureau.", "",
    "Anna: “Bij een adviesbureau schrijf je het plan, hier moet je het ook echt uitvoeren. Dat is een wereld van "
    "verschil.”", "",
    "Ze beschrijft de eerste jaren als zoeken. Er was een ambitieuze visie, maar er was geen budget voor de "
    "uitvoering. Pas met de komst van de nieuwe wethouder kwam er geld voor twee projectleiders.", "",
    "2. Samenwerking in de wijk", "",
    "De gemeente werkt in de wijk Kolkerveld samen met de corporatie en een bewonersinitiatief. Volgens Anna is het "
    "vertrouwen tussen de partijen de belangrijkste randvoorwaarde.", "",
    "Pieter: “Wat maakt die samenwerking dan zo lastig?”", "",
    "Anna: “Iedereen heeft een ander tempo. De corporatie plant tien jaar vooruit, de bewoners willen nu weten waar "
    "ze aan toe zijn.”", "",
    "Het bewonersinitiatief heeft inmiddels een eigen energiecoach in de wijk. Anna noemt dat een succes, omdat "
    "bewoners elkaar eerder vertrouwen dan de gemeente.", "",
    "3. Capaciteit en financiering", "",
    "Over capaciteit is Anna stellig. Het team bestaat uit twee mensen en een deel van het werk wordt ingehuurd.",
    "",
    "Anna: “Elke keer als een inhuurkracht vertrekt, gaat er kennis de deur uit. Dat kunnen we ons eigenlijk niet "
    "permitteren.”", "",
    "Pieter: “Wat zou helpen?”", "",
    "Anna: “Structurele middelen van het Rijk. Dan kunnen we mensen in vaste dienst nemen.”", "",
    "Tot slot geeft Anna aan dat ze de resultaten van het onderzoek graag terugziet in de regio. Ze stelt voor om "
    "de uitkomsten te bespreken in het regionale overleg over de warmtetransitie.", "",
]

WORD_MEETING_NOTES: list[Block] = [
    ("Title", "Gespreksverslag"),
    "Gemeente: Essenveld",
    "Datum: 14 mei",
    "Gesprekspartners: Marco de Boer (coördinator vastgoed); Noor Hermans (adviseur RES-regio)",
    "Gespreksleider: Pieter Smit",
    "",
    "Het gesprek vond plaats op het gemeentehuis van Essenveld en duurde ruim een uur. Doel was een beeld te krijgen "
    "van de aanpak van het maatschappelijk vastgoed en van de knelpunten die de gemeente ervaart.",
    ("Heading 2", "Belangrijkste besproken punten"),
    "•\tEssenveld heeft 45 gemeentelijke gebouwen, waarvan een derde een energielabel C of slechter heeft.",
    "•\tDe routekaart vastgoed is in maart door het college vastgesteld.",
    ("indent", "o\tDe raad wordt na de zomer gevraagd om budget voor de eerste tranche."),
    ("indent", "o\tVoor de sporthal en twee gymzalen ligt er al een uitgewerkt plan."),
    "•\tNetcongestie speelt vooral op het bedrijventerrein, waar ook de gemeentewerf staat.",
    ("indent", "o\tDe netbeheerder heeft aangegeven dat uitbreiding van de aansluiting niet voor 2030 mogelijk is."),
    ("indent", "o\tDe gemeente onderzoekt of een batterij bij de werf de piek kan opvangen."),
    "•\tDe samenwerking met de RES-regio is goed, maar levert vooral kennis op en weinig capaciteit.",
    "•\tMarco geeft aan dat de DUMAVA-aanvraag veel tijd kostte door de vele bijlagen.",
    ("indent", "o\tEen regionale aanvraag wordt voor de volgende ronde overwogen."),
    "•\tBestuurlijk draagvlak is er, maar bij de voorjaarsnota staat het budget elk jaar opnieuw ter discussie.",
    "•\tVoor de brede school in Essenveld-Noord wordt gekeken naar een gezamenlijke warmtepomp met de "
    "naastgelegen woningen van de corporatie.",
    ("indent", "o\tDe corporatie is positief, maar wil eerst weten wat het per woning kost."),
    ("indent", "o\tNoor brengt de gemeente in contact met een andere regio die dit al heeft gedaan."),
    ("Heading 2", "Afspraken en vervolg"),
    "-\tPieter stuurt het verslag binnen twee weken ter controle naar Marco en Noor.",
    "-\tNoor deelt de planning van de regionale werkgroep vastgoed.",
    "-\tEen vervolggesprek wordt na de zomer ingepland.",
]

WRITEUPS: dict[str, tuple[list[Block], bool]] = {
    # file name: (blocks, whether paragraph spacing does the layout)
    "01-word-lege-alineas.docx": (WORD_EMPTY_PARAGRAPHS, False),
    "02-word-zonder-lege-alineas.docx": (WORD_NO_EMPTY_PARAGRAPHS, True),
    "03-word-koptabel-kopstijlen.docx": (WORD_TABLE_AND_HEADINGS, True),
    "08-gecondenseerd.docx": (WORD_CONDENSED, False),
    "09-gespreksverslag-bullets.docx": (WORD_MEETING_NOTES, True),
}


def build(blocks: list[Block], spacing: bool, path: Path) -> None:
    """Write one write-up as a Word document."""
    document = docx.Document()
    if spacing:
        document.styles["Normal"].paragraph_format.space_after = Pt(10)
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        kind, content = block
        if kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=2)
            table.style = "Table Grid"
            for row, (key, value) in zip(table.rows, rows, strict=True):
                row.cells[0].text, row.cells[1].text = key, value
        elif kind == "breaks":
            run = document.add_paragraph().add_run()
            lines = list(content)  # type: ignore[call-overload]
            for position, line in enumerate(lines):
                run.add_text(line)
                if position < len(lines) - 1:
                    run.add_break()
        elif kind == "indent":
            document.add_paragraph(str(content)).paragraph_format.left_indent = Cm(1.25)
        else:
            document.add_paragraph(str(content), style=kind)
    document.core_properties.author = "Onderzoeksbureau Veldwerk"
    document.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (blocks, spacing) in WRITEUPS.items():
        build(blocks, spacing, OUT / name)


if __name__ == "__main__":
    main()

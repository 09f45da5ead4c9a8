"""Bijlage F states the agreement of two coders (tests/functional/agreement_project.py): the measure, the unit, the
pooled figures of both variants that test_cli_agreement.py counts by hand (all sentences: 91,1%, κ 0,565, α 0,569;
without the 5 sentences neither coded: 86,1%, κ 0,531, α 0,537), the shared documents and sentences, and the
disagreements per code; or that it was not determined, and why."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.functional.agreement_project import CODINGS, build


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("bijlage-f") / "warmte")


def _methods(root: Path, fmt: str = "md", **options: object) -> str:
    with Project.open(root) as project:
        text = project.report("appendix", fmt, **options).content.decode()  # type: ignore[arg-type]
    text = html.unescape(text) if fmt == "html" else text
    return text.split("Bijlage F. Methode" if options.get("lang") != "en" else "Appendix F. Method", 1)[1]


def test_markdown_in_dutch_states_measure_unit_and_figures(study: Path) -> None:
    methods = _methods(study)
    assert ("Overeenstemming tussen codeurs: anouk en bram codeerden allebei 2 documenten (14 zinnen). Eenheid: de "
            "zin;") in methods
    assert ("percentage overeenstemming 91,1%, Cohens kappa 0,565, Krippendorffs alfa (nominaal) 0,569. Zonder de "
            "zinnen die geen van beiden codeerde (9 zinnen over): 86,1%, kappa 0,531, alfa 0,537.") in methods
    assert "niet bepaald" not in methods
    assert "*Verschillen tussen de codeurs per code (aantal zinnen)*" in methods
    assert "| Code | alleen anouk | alleen bram | totaal |" in methods
    assert "| Vastgestelde warmtevisie | 0 | 1 | 1 |" in methods
    assert "| Geen budget | 1 | 1 | 2 |" in methods
    assert "| Participatie van inwoners | 0 | 1 | 1 |" in methods
    assert "| Wantrouwen bij inwoners | 1 | 0 | 1 |" in methods


def test_html_in_english(study: Path) -> None:
    methods = _methods(study, "html", lang="en")
    assert "Agreement between coders: anouk and bram both coded 2 documents (14 sentences). Unit: the sentence;" \
        in methods
    assert ("percent agreement 91.1%, Cohen's kappa 0.565, Krippendorff's alpha (nominal) 0.569. Without the "
            "sentences neither coder coded (9 sentences left): 86.1%, kappa 0.531, alpha 0.537.") in methods
    assert "<caption>Disagreements between the coders per code (number of sentences)</caption>" in methods
    assert "<th>only anouk</th><th>only bram</th>" in methods


def test_anonymised_names_no_coder(study: Path) -> None:
    methods = _methods(study, anonymise=True)
    assert "codeur A en codeur B codeerden allebei 2 documenten" in methods
    assert "| Code | alleen codeur A | alleen codeur B | totaal |" in methods
    assert "anouk" not in methods and "bram" not in methods


def test_three_coders_compares_the_first_two_by_name(tmp_path: Path) -> None:
    root = build(tmp_path / "drie", (*CODINGS, ("zuidhoek.txt", "carla", "Eerst praten we met de dorpen.",
                                                "inwoners.participatie")))
    methods = _methods(root)
    assert ("De coderingen zijn van 3 codeurs; de overeenstemming is bepaald tussen de eerste twee op naam (anouk en "
            "bram).") in methods
    assert "anouk en bram codeerden allebei 2 documenten (14 zinnen)" in methods


def test_not_determined_says_why(tmp_path: Path) -> None:
    alone = build(tmp_path / "alleen", tuple(c for c in CODINGS if c[1] == "anouk"))
    methods = _methods(alone)
    assert ("De overeenstemming tussen codeurs is voor dit rapport niet bepaald: daarvoor zijn twee codeurs nodig, en "
            "de coderingen zijn van 1 codeur.") in methods
    assert "Verschillen tussen de codeurs" not in methods
    apart = build(tmp_path / "apart", tuple(c for c in CODINGS if (c[1] == "anouk") == (c[0] == "zuidhoek.txt")))
    assert ("niet bepaald: de twee codeurs (anouk en bram) hebben geen enkel document allebei gecodeerd."
            in _methods(apart))
    english = _methods(apart, "html", lang="en")
    assert ("Agreement between coders has not been determined for this report: the two coders (anouk and bram) have "
            "not coded any document in common.") in english
    assert "<caption>Disagreements" not in english
    # One coder's report: the other coder's codings are not in it, so neither is agreement.
    with Project.open(apart) as project:
        one = project.report("appendix", "md", coder="bram").content.decode().split("Bijlage F", 1)[1]
    assert "niet bepaald: daarvoor zijn twee codeurs nodig, en de coderingen zijn van 1 codeur." in one


def test_an_english_appendix_names_the_codes_in_english(tmp_path: Path) -> None:
    """The demo's codebook has English names: Bijlage F's table of disagreements uses them, as every other table of
    an English report does."""
    from qualcode.project.demo import build_demo

    with build_demo(tmp_path / "demo") as project:
        method = project.report("appendix", "md", lang="en").content.decode().split("Appendix F. Method", 1)[1]
    assert "| Lack of political support | 4 | 3 | 7 |" in method
    assert "Gebrek aan bestuurlijk draagvlak" not in method


def test_a_consensus_coder_is_not_one_of_the_two_compared(tmp_path: Path) -> None:
    """After a consensus review whose coder sorts first ('akkoord'), Bijlage F still compares the two who coded."""
    root = build(tmp_path / "warmte")
    with Project.open(root) as project:
        project.start_consensus(("anouk", "bram"), "akkoord", coder="anouk")
        assert "akkoord" in project.store.coders()
    methods = _methods(root)
    assert "Overeenstemming tussen codeurs: anouk en bram codeerden allebei 2 documenten" in methods
    assert "alleen akkoord" not in methods
    # The two coders' 13 codings; the consensus's 4 are copies of the ones they agreed on, counted apart.
    assert "De verslagen zijn gecodeerd door 2 codeurs (anouk en bram) met een codeboek van 4 codes in 3 thema's; " \
        "in totaal 13 coderingen." in methods
    assert "Hun verschillen zijn besproken en vastgelegd als een gezamenlijke codering (akkoord, 4 coderingen)." \
        in methods
    assert "settled as a joint coding (akkoord, 4 codings)." in _methods(root, lang="en")


def test_disagreements_true_lists_every_sentence_with_its_text_and_codes(tmp_path: Path) -> None:
    """[report] disagreements = true: Bijlage F lists every sentence the two coders coded differently, by document
    (anonymised: by the gemeente's label, the text as quotes are scrubbed, coders as codeur A/B)."""
    root = build(tmp_path / "warmte")
    config = root / "qualcode.toml"
    plain = _methods(root)
    assert "Elke zin die de codeurs verschillend codeerden" not in plain  # off unless asked
    text = config.read_text(encoding="utf-8")
    assert "\ndisagreements = false\n" in text  # a new project's qualcode.toml names the setting
    config.write_text(text.replace("\ndisagreements = false\n", "\ndisagreements = true\n"), encoding="utf-8")
    with Project.open(root) as project:
        rows = project.disagreements(["anouk", "bram"]).rows
    methods = _methods(root)
    assert "*Elke zin die de codeurs verschillend codeerden*" in methods
    assert "| Document | Zin | Tekst | anouk | bram |" in methods
    assert ("| Interviewverslag - Gemeente Oosterveld | 2 | Er is geen structureel geld. | Geen budget | – |"
            in methods)
    assert ("| Interviewverslag - Gemeente Lindewaard | 7 | Er komt een wijkbus in elke kern. | – | Participatie van "
            "inwoners |") in methods
    assert len([line for line in methods.splitlines() if line.startswith("| Interviewverslag")]) == len(rows) == 5
    anonymous = _methods(root, anonymise=True)
    assert "| Gemeente | Zin | Tekst | codeur A | codeur B |" in anonymous
    labels = [line.split(" | ")[0].lstrip("| ") for line in anonymous.splitlines()
              if line.startswith("| Gemeente ") and "| Zin |" not in line]
    assert len(labels) == 5 and labels == sorted(labels, key=lambda label: (len(label), label))  # label order only
    assert "Fenna" not in anonymous and "Lindewaard" not in anonymous

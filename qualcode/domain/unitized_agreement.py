"""Agreement of coders who mark spans of a text themselves (no pre-set units): Krippendorff's unitized alpha family
and the character-level 2 × 2 tables NVivo's coding comparison uses. Pure: no I/O, no third-party code.

The unitized alphas follow Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing textual
continua: Further developments", Quality & Quantity 50:2347–2364, and Krippendorff (2019), Content Analysis, 4th ed.,
§12.6. Every coder partitions a continuum of L characters into segments: the units they identified, each with a
value, and the gaps between them (value ∅). For m coders and the segments g of coder i and h of coder j ≠ i:

- Observed coincidences  l_ck = Σ_i Σ_{j≠i} Σ_g Σ_h |g ∩ h| / (m − 1), g valued c and h valued k; l_.. = m·L.
- Expected coincidences  e_ck = l_.. · (l_c. · l_.k − [c = k] · S_c) / (l_..² − Σ_c S_c), where S_c sums l_g² over
  the units valued c and l_g over the gaps (a gap has no structure: each of its characters counts as a unit).
- uα   = 1 − (l_.. − Σ_c l_cc) / (l_.. − Σ_c e_cc): boundaries and values together (nominal).
- |uα  = 1 − (l_∅. − l_∅∅) / (e_∅. − e_∅∅): only the distinction coded vs. not coded (values taken together).
- cuα  = 1 − (l'_.. − Σ_c l_cc) / (l'_.. − Σ_c e'_cc) over the valued × valued coincidences only (where units of
  different coders overlap), l'_c. = Σ_{k≠∅} l_ck, with e'_ck = (l'_c. · l'_.k − [c = k] · T_c / (m − 1)) /
  (l'_.. − Σ_c T_c / (l'_.. · (m − 1))), T_c summing, over the units g valued c and the coders j ≠ i, the square of
  g's overlap with j's units.
- (k)uα = 1 − (e'_k. / l'_k.) · (l'_k. − l_kk) / (e'_k. − e'_kk): how reliably the value k is told apart from the
  others where units overlap.

Several documents are concatenated continua: their coincidences are summed (a gap contributes linearly, so joining
the gaps of two documents changes nothing, and units never cross a document's end).

A coder's overlapping or touching spans of one value are merged into one unit before anything is counted
(`merged`): the unitized family needs each coder's units not to overlap. Where one coder gave several values to the
same characters, the caller makes the combination one value (`partition` does so with sets of codes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from qualcode.domain.agreement import Figure
from qualcode.domain.span_sets import Span, merged

GAP: Hashable = None  # the value of the text no unit covers
Value = TypeVar("Value", bound=Hashable)

NO_TEXT = "no text to compare"
ONE_SEGMENTATION = "all the text is of one kind (uncoded, or one code throughout), so nothing can disagree"
NO_GAPS_OR_UNITS = "the text is all coded or all uncoded, so coded vs. not coded cannot vary"
NO_OVERLAP = "no unit of one coder overlaps a unit of the other"
ONE_VALUE = "where units overlap they carry only one value, so values cannot vary"
VALUE_NOT_OVERLAPPED = "no unit with this value overlaps another coder's unit"


def partition(spans_by_value: Mapping[Value, Sequence[Span]], length: int) -> list[tuple[int, int, frozenset[Value]]]:
    """One coder's valued segments of a continuum of `length`: the maximal stretches covered by the same non-empty
    set of values (each value's spans merged first); stretches no value covers are left out (they are the gaps)."""
    units = sorted([(max(start, 0), min(end, length), value) for value, spans in spans_by_value.items()
                    for start, end in merged(spans)], key=lambda unit: unit[:2])
    units = [unit for unit in units if unit[0] < unit[1]]
    segments: list[tuple[int, int, frozenset[Value]]] = []
    cluster: list[tuple[int, int, Value]] = []  # units that share characters, directly or through each other
    reach = 0
    for unit in units:
        if cluster and unit[0] >= reach:
            segments += _cluster_segments(cluster)
            cluster = []
        cluster.append(unit)
        reach = max(reach, unit[1]) if len(cluster) > 1 else unit[1]
    if cluster:
        segments += _cluster_segments(cluster)
    return segments


def focused(segments: Sequence[tuple[int, int, frozenset[Value]]],
            value: Value) -> list[tuple[int, int, frozenset[Value]]]:
    """One coder's segments (as `partition` gives them) with every combination that holds `value` taken as `value`
    alone and adjacent stretches of it joined: the values are then exclusive as far as `value` goes, so (k)uα of a
    code a coder sometimes combined with others is defined (the other values are left as they are, so without
    combinations this changes nothing)."""
    alone = frozenset((value,))
    result: list[tuple[int, int, frozenset[Value]]] = []
    for start, end, values in segments:
        taken = alone if value in values else values
        if result and result[-1][1] == start and result[-1][2] == taken:
            result[-1] = (result[-1][0], end, taken)
        else:
            result.append((start, end, taken))
    return result


def _cluster_segments(cluster: list[tuple[int, int, Value]]) -> list[tuple[int, int, frozenset[Value]]]:
    if len(cluster) == 1:  # the common case: a unit no other value shares a character with
        start, end, value = cluster[0]
        return [(start, end, frozenset((value,)))]
    events: dict[int, list[tuple[Value, int]]] = defaultdict(list)
    for start, end, value in cluster:
        events[start].append((value, 1))
        events[end].append((value, -1))
    segments: list[tuple[int, int, frozenset[Value]]] = []
    active: dict[Value, int] = {}
    position = 0
    for offset in sorted(events):
        current = frozenset(active)
        if current and offset > position:
            if segments and segments[-1][1] == position and segments[-1][2] == current:
                segments[-1] = (segments[-1][0], offset, current)
            else:
                segments.append((position, offset, current))
        for value, step in events[offset]:
            active[value] = active.get(value, 0) + step
            if not active[value]:
                del active[value]
        position = offset
    return segments


@dataclass(frozen=True)
class Continuum:
    """One document for the unitized family: its length and, per coder, the valued segments (start, end, value):
    sorted, not overlapping, within [0, length)."""

    length: int
    segments: tuple[Sequence[tuple[int, int, Hashable]], ...]


@dataclass(frozen=True)
class UnitizedAlphas:
    """The unitized alpha family of one set of continua."""

    u_alpha: Figure
    binary_u_alpha: Figure
    cu_alpha: Figure
    k_u_alpha: dict[Hashable, Figure]  # per value
    cu_coverage: float | None  # share of the pairable matter in cuα (valued × valued coincidences), 0..1


def _with_gaps(segments: Sequence[tuple[int, int, Hashable]], length: int) -> list[tuple[int, int, Hashable]]:
    full: list[tuple[int, int, Hashable]] = []
    position = 0
    for start, end, value in segments:
        if start > position:
            full.append((position, start, GAP))
        full.append((start, end, value))
        position = end
    if position < length:
        full.append((position, length, GAP))
    return full


class _Sums:
    """The sums the family needs, gathered over all continua."""

    def __init__(self, coders: int) -> None:
        self.coders = coders
        self.length = 0
        self.observed: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
        self.squares: dict[Hashable, float] = defaultdict(float)  # S_c
        self.overlap_squares: dict[Hashable, float] = defaultdict(float)  # T_c

    def copy(self) -> _Sums:
        other = _Sums(self.coders)
        other.length = self.length
        other.observed.update(self.observed)
        other.squares.update(self.squares)
        other.overlap_squares.update(self.overlap_squares)
        return other

    def add(self, continuum: Continuum, sign: int = 1) -> None:
        """Add a continuum's contributions (sign -1 takes them away: a stretch counted again by focused_k_u_alphas)."""
        self.length += sign * continuum.length
        if not any(continuum.segments):  # nobody marked anything: every pair of coders agrees on one long gap
            self.squares[GAP] += sign * self.coders * continuum.length
            self.observed[(GAP, GAP)] += sign * self.coders * continuum.length
            return
        full = [_with_gaps(segments, continuum.length) for segments in continuum.segments]
        for segments in full:
            for start, end, value in segments:
                self.squares[value] += sign * (end - start if value is GAP else (end - start) ** 2)
        for i, first in enumerate(full):
            for second in full[i + 1:]:
                self._pair(first, second, sign / (self.coders - 1), sign)

    def _pair(self, first: list[tuple[int, int, Hashable]], second: list[tuple[int, int, Hashable]],
              weight: float, sign: int = 1) -> None:
        # Both are partitions of the same continuum: walk them together, counting each intersection both ways
        # (i with j and j with i); a unit's overlap with the other coder's units is collected while it is current.
        observed, overlap_squares = self.observed, self.overlap_squares
        i = j = 0
        g_overlap = h_overlap = 0
        while i < len(first) and j < len(second):
            g_start, g_end, c = first[i]
            h_start, h_end, k = second[j]
            common = (g_end if g_end < h_end else h_end) - (g_start if g_start > h_start else h_start)
            if common > 0:
                observed[(c, k)] += common * weight
                observed[(k, c)] += common * weight
                if k is not GAP:
                    g_overlap += common
                if c is not GAP:
                    h_overlap += common
            if g_end <= h_end:
                if c is not GAP:
                    overlap_squares[c] += sign * g_overlap * g_overlap
                g_overlap = 0
                i += 1
            if h_end <= g_end:
                if k is not GAP:
                    overlap_squares[k] += sign * h_overlap * h_overlap
                h_overlap = 0
                j += 1


def unitized_alphas(continua: Sequence[Continuum]) -> UnitizedAlphas:
    """uα, |uα, cuα and (k)uα per value of the coders' segmentations (two or more coders), nominal."""
    coders = len(continua[0].segments) if continua else 2
    if coders < 2:
        raise ValueError("the unitized alphas need at least two coders")
    sums = _Sums(coders)
    for continuum in continua:
        sums.add(continuum)
    values = sorted({value for value in sums.squares if value is not GAP}, key=_order)
    if sums.length == 0:
        none = Figure(None, NO_TEXT)
        return UnitizedAlphas(none, none, none, dict.fromkeys(values, none), None)
    observed = sums.observed
    everything = [GAP, *values]
    total = float(coders * sums.length)  # l_..
    margin = _margins(observed, everything)
    expected_denominator = total * total - sum(sums.squares.values())

    def expected(c: Hashable, k: Hashable) -> float:
        return total * (margin[c] * margin[k] - (sums.squares[c] if c == k else 0)) / expected_denominator

    if expected_denominator <= 0:
        u_alpha = binary = Figure(None, ONE_SEGMENTATION)
    else:
        u_alpha = _alpha(total - sum(observed[(c, c)] for c in everything),
                         total - sum(expected(c, c) for c in everything), ONE_SEGMENTATION)
        binary = _alpha(margin[GAP] - observed[(GAP, GAP)],
                        sum(expected(GAP, k) for k in values), NO_GAPS_OR_UNITS)
    cu_alpha, k_u_alpha, coverage = _coding_alphas(sums, values, total)
    return UnitizedAlphas(u_alpha, binary, cu_alpha, k_u_alpha, coverage)


def focused_k_u_alphas(continua: Sequence[Continuum], values: Iterable[Hashable]) -> dict[Hashable, Figure]:
    """(k)uα of each value k in continua whose segments carry sets of values (as `partition` makes them), with every
    stretch holding k taken as k alone (`focused`). The family's sums are gathered once; for each k only the
    stretches around its segments are counted again (no unit crosses such a stretch's ends, and a gap counts
    linearly, so the rest of the sums stays as it is)."""
    coders = len(continua[0].segments) if continua else 2
    base = _Sums(coders)
    for continuum in continua:
        base.add(continuum)
    pieces = [_pieces(continuum) for continuum in continua]
    result: dict[Hashable, Figure] = {}
    for k in values:
        sums = base.copy()
        for continuum_pieces in pieces:
            for start, end, segments in _windows([piece for piece in continuum_pieces if k in piece[2]], coders):
                inside = tuple([(s - start, e - start, v) for s, e, v in units] for units in segments)
                sums.add(Continuum(end - start, inside), -1)
                sums.add(Continuum(end - start, tuple(focused(units, k) for units in inside)))
        present = sorted((v for v, square in sums.squares.items() if v is not GAP and square > 0.5), key=_order)
        if sums.length == 0 or frozenset((k,)) not in present:
            result[k] = Figure(None, NO_TEXT if sums.length == 0 else VALUE_NOT_OVERLAPPED)
            continue
        _, per_value, _ = _coding_alphas(sums, present, float(coders * sums.length))
        result[k] = per_value[frozenset((k,))]
    return result


# A piece: a stretch of a continuum that no unit of any coder crosses, with each coder's units in it and the values
# they carry: (start, end, values, units per coder).
_Unit = tuple[int, int, frozenset[Hashable]]
_Piece = tuple[int, int, frozenset[Hashable], tuple[list[_Unit], ...]]


def _pieces(continuum: Continuum) -> list[_Piece]:
    units: list[tuple[int, int, int, frozenset[Hashable]]] = []
    for coder, segments in enumerate(continuum.segments):
        for start, end, value in segments:
            if not isinstance(value, frozenset):
                raise ValueError("focused_k_u_alphas needs segments that carry sets of values, as partition makes")
            units.append((start, end, coder, value))
    units.sort(key=lambda unit: unit[:3])
    pieces: list[_Piece] = []
    current: list[tuple[int, int, int, frozenset[Hashable]]] = []
    reach = 0
    for unit in [*units, (continuum.length + 1, 0, -1, frozenset())]:  # a sentinel closes the last piece
        if current and unit[0] >= reach:
            by_coder: tuple[list[_Unit], ...] = tuple([] for _ in continuum.segments)
            for start, end, coder, value in current:
                by_coder[coder].append((start, end, value))
            carried = frozenset(v for _, _, _, values in current for v in values)
            pieces.append((current[0][0], reach, carried, by_coder))
            current = []
        if unit[2] >= 0:
            current.append(unit)
            reach = max(reach, unit[1]) if len(current) > 1 else unit[1]
    return pieces


def _windows(pieces: list[_Piece], coders: int) -> list[tuple[int, int, list[list[_Unit]]]]:
    """The stretches to count again, with each coder's units in them: the pieces that carry the value, those that
    touch joined (a coder's units of the value on either side become one)."""
    windows: list[tuple[int, int, list[list[_Unit]]]] = []
    for start, end, _, by_coder in pieces:
        if not windows or windows[-1][1] < start:
            windows.append((start, end, [[] for _ in range(coders)]))
        window = windows[-1]
        for coder, units in enumerate(by_coder):
            window[2][coder].extend(units)
        windows[-1] = (window[0], max(window[1], end), window[2])
    return windows


def _coding_alphas(sums: _Sums, values: list[Hashable],
                   total: float) -> tuple[Figure, dict[Hashable, Figure], float | None]:
    observed = sums.observed
    margin = _margins(observed, values)  # l'_c.
    pairable = sum(margin.values())  # l'_..
    if pairable <= 0:
        none = Figure(None, NO_OVERLAP)
        return none, dict.fromkeys(values, none), 0.0
    correction = sum(sums.overlap_squares[c] for c in values) / (pairable * (sums.coders - 1))
    denominator = pairable - correction

    def expected(c: Hashable, k: Hashable) -> float:
        if denominator <= 0:
            return 0.0
        own = sums.overlap_squares[c] / (sums.coders - 1) if c == k else 0.0
        return (margin[c] * margin[k] - own) / denominator

    if denominator <= 0:
        cu_alpha = Figure(None, ONE_VALUE)
    else:
        cu_alpha = _alpha(pairable - sum(observed[(c, c)] for c in values),
                          pairable - sum(expected(c, c) for c in values), ONE_VALUE)
    per_value: dict[Hashable, Figure] = {}
    for k in values:
        if margin[k] <= 0:
            per_value[k] = Figure(None, VALUE_NOT_OVERLAPPED)
            continue
        # Σ_c e'_kc in closed form: the sum over every value would make the per-value loop quadratic.
        expected_k = (margin[k] * pairable - sums.overlap_squares[k] / (sums.coders - 1)) / denominator \
            if denominator > 0 else 0.0
        spread = expected_k - expected(k, k)
        if denominator <= 0 or spread <= 1e-12 * max(expected_k, 1.0):
            per_value[k] = Figure(None, ONE_VALUE)
        else:
            per_value[k] = Figure(1 - (expected_k / margin[k]) * (margin[k] - observed[(k, k)]) / spread)
    return cu_alpha, per_value, pairable / total


def _margins(observed: Mapping[tuple[Hashable, Hashable], float], values: Sequence[Hashable]) -> dict[Hashable, float]:
    """Row sums of the coincidences among `values`, from the pairs that occur (combinations make values many)."""
    wanted = set(values)
    margin = dict.fromkeys(values, 0.0)
    for (c, k), amount in observed.items():
        if c in wanted and k in wanted:
            margin[c] += amount
    return margin


def _order(value: Hashable) -> str:
    # Sets print in hash order: sort their members, so that sums run in the same order in every process.
    return repr(sorted(value, key=repr)) if isinstance(value, frozenset) else repr(value)


def _alpha(observed_disagreement: float, expected_disagreement: float, reason: str) -> Figure:
    # Sums of floats: a disagreement that should be exactly 0 can be a few ulps off.
    if expected_disagreement <= 1e-9 * max(abs(observed_disagreement), 1.0):
        return Figure(None, reason)
    return Figure(1 - observed_disagreement / expected_disagreement)

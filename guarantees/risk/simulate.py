"""The stress simulator's arithmetic: N paths of the book over H month-ends, vectorised with
numpy. Pure: no database, no Django; the inputs are arrays (`Book`) and a `Scenario`, so the
same function runs in a command, in a Celery chunk and in the closed-form tests.

The model, month by month (m = 1 … H; month 0 is the date D):

- every live guarantee i defaults in month m with probability p of its group (programme ×
  credit band), at most once within the horizon. The default month T is drawn exactly: the
  number of defaults of a group within H is Binomial(n, 1 − (1 − p)^H), the defaulted set a
  uniform subset of that size, and T the geometric law truncated at H. With amortisation on,
  a guarantee that matured before T does not default (it was gone).
- a default is normalised with probability `normalisation_share` (no loss, it stays on the
  book as it was) or subrogated `lag_months` after it (T + lag ≤ H counts; a later payment
  stays as exposure until the horizon). Between default and payment the exposure is frozen at
  its balance when it defaulted.
- the payment leaves the exposure, and the foundation's share of it (1 − re-guarantee share)
  leaves base assets the month it is paid (subrogation is the loss, DOMAIN.md); the
  federation bears the rest (재보증보전금). Recoveries return `recovery_rate` of the
  foundation's share, evenly over the `recovery_months` after payment (shared back with the
  federation in the same ratio, so only the foundation's share is counted).
- amortisation on: a guarantee's balance falls in equal instalments to 0 at its maturity, and
  it leaves the book then; off: every balance stays as it is (and nothing matures).
- new supply (won per month) adds exposure that does not amortise or default within the
  horizon (a new loan's first months are its safest); contributions add base assets.
- guarantees already in accident at D are defaulted at month 0: normalised with the same
  share, otherwise paid `lag_months − months already elapsed` (at least one month) after D.

A path breaches when its multiplier (exposure ÷ base assets; base assets ≤ 0 counts as a
breach) exceeds the limit at any month-end. A programme breaches when its exposure exceeds its
multiple × its funding less its own net losses (the programme's fund bears its losses).

Paths are split into chunks; chunk c draws from `numpy.random.default_rng([seed, c])`, so the
result depends on the seed and the chunk size, never on which worker ran which chunk, and a
chunk run twice gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


@dataclass(frozen=True)
class Book:
    """The live book at D, one entry per guarantee (arrays of equal length)."""

    exposure_krw: np.ndarray  # int64: outstanding guaranteed balance at D
    remaining_months: np.ndarray  # int32 ≥ 1: months from D to maturity (rounded up)
    group: np.ndarray  # int32: index into Scenario.default_rate_monthly
    program: np.ndarray  # int32: index into the programme arrays, −1 for none
    in_accident_months: np.ndarray  # int32: −1 live; k ≥ 0: in accident for k months at D
    base_krw: int
    program_funding_krw: np.ndarray  # int64 per programme
    program_multiple: np.ndarray  # float64 per programme (capacity = funding × multiple)
    # A set capacity (won) where the programme has one, else −1 (then funding × multiple).
    program_capacity_fixed_krw: np.ndarray | None = None
    program_exposure_krw: np.ndarray | None = None  # computed from the guarantees if None

    @property
    def size(self) -> int:
        return int(self.exposure_krw.shape[0])

    @property
    def programs(self) -> int:
        return int(self.program_funding_krw.shape[0])


@dataclass(frozen=True)
class Scenario:
    months: int
    default_rate_monthly: np.ndarray  # float64 per group, each in [0, 1]
    normalisation_share: float = 0.0
    recovery_rate: float = 0.0
    recovery_months: int = 36
    reguarantee_share: np.ndarray | None = None  # per programme, plus the last for "none"
    amortisation: bool = True
    lag_months: int = 0
    new_supply_krw_monthly: int = 0
    contributions_krw_monthly: int = 0
    limit: float = 10.0


@dataclass
class ChunkResult:
    """One chunk's paths: what the final step needs to combine chunks exactly."""

    multipliers: np.ndarray  # float64 (paths × months); inf where base assets ≤ 0
    breached: np.ndarray  # bool (paths,)
    program_breached: np.ndarray  # bool (paths × programmes)
    loss_krw: np.ndarray  # float64 (paths,): net loss borne by the foundation within H


def _amortised(exposure: np.ndarray, remaining: np.ndarray, month: np.ndarray, on: bool):
    """Balance after `month` months: equal instalments to 0 at maturity (or unchanged)."""
    if not on:
        return np.broadcast_to(exposure.astype(np.float64), np.broadcast(exposure, month).shape)
    left = np.clip(remaining - month, 0, None) / remaining
    return exposure * left


def _reguarantee(book: Book, scenario: Scenario) -> np.ndarray:
    """The federation's share for each guarantee."""
    shares = scenario.reguarantee_share
    if shares is None:
        return np.zeros(book.size)
    return shares[np.where(book.program >= 0, book.program, shares.shape[0] - 1)]


def _defaults(rng, book: Book, scenario: Scenario, paths: int):
    """(path, guarantee, default month) of every default within the horizon, exactly."""
    months = scenario.months
    out_path, out_index, out_month = [], [], []
    live = book.in_accident_months < 0
    for group, p in enumerate(scenario.default_rate_monthly):
        if p <= 0:
            continue
        members = np.flatnonzero(live & (book.group == group))
        n = members.shape[0]
        if n == 0:
            continue
        within = 1.0 - (1.0 - p) ** months  # P(default within the horizon)
        path, local = _bernoulli_subset(rng, paths, n, within)
        if p >= 1:
            month = np.ones(path.shape[0], dtype=np.int64)
        else:
            # Inverse of the geometric law truncated at H: P(T ≤ t | T ≤ H).
            u = rng.random(path.shape[0])
            month = np.ceil(np.log1p(-u * within) / np.log1p(-p)).astype(np.int64)
            month = np.clip(month, 1, months)
        out_path.append(path)
        out_index.append(members[local])
        out_month.append(month)
    if not out_path:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(out_path), np.concatenate(out_index), np.concatenate(out_month)


def _bernoulli_subset(rng, paths: int, n: int, q: float):
    """Per path, the members (0 … n − 1) hit each independently with probability q: the
    positions of a Bernoulli process, drawn as its geometric gaps. Distinct and exact with no
    sorting and no draw per member; a path whose gaps did not reach n yet goes on from its
    last position (the process has no memory), so nothing is redrawn or biased."""
    mean = n * q
    width = int(np.ceil(mean + 4 * np.sqrt(mean) + 8))
    last = np.full(paths, -1, dtype=np.int64)
    rows = np.arange(paths)
    out_path, out_local = [], []
    while rows.size:
        positions = last[rows, None] + np.cumsum(rng.geometric(q, size=(rows.size, width)), axis=1)
        r, c = np.nonzero(positions < n)
        out_path.append(rows[r])
        out_local.append(positions[r, c])
        going_on = positions[:, -1] < n
        last[rows[going_on]] = positions[going_on, -1]
        rows = rows[going_on]
        width = max(16, width // 4)
    return np.concatenate(out_path), np.concatenate(out_local)


NEVER = 10**6  # a month after any horizon: "until the end"


def _accumulate(flat, sloped, rows: int, months: int) -> np.ndarray:
    """Σ of pieces into rows × months (month-ends 1 … H). A flat piece (key, lo, hi, a) adds a
    on [lo, hi); a sloped one (key, lo, hi, b) adds b·m there. Difference arrays and one
    cumulative sum: the cost is per piece, not per piece and month. An empty interval adds and
    takes away the same amount at the same place."""
    width = months + 2

    def level(pieces) -> np.ndarray:
        if not pieces:
            return np.zeros((rows, months))
        places, weights = [], []
        for key, lo, hi, weight in pieces:
            lo = np.clip(lo, 1, months + 1)
            hi = np.maximum(np.clip(hi, 1, months + 1), lo)
            places += [key * width + lo, key * width + hi]
            weights += [weight, -weight]
        diff = np.bincount(
            np.concatenate(places), weights=np.concatenate(weights), minlength=rows * width
        ).astype(np.float64, copy=False)  # bincount of nothing is int64
        return np.cumsum(diff.reshape(rows, width), axis=1)[:, 1 : months + 1]

    return level(flat) + level(sloped) * np.arange(1, months + 1)


def _effects(
    key,
    rows: int,
    scenario: Scenario,
    *,
    month,
    paid,
    frozen,
    exposure,
    remaining,
    amortising,
    loss,
) -> tuple[np.ndarray, np.ndarray]:
    """Subrogated defaults' effects, summed by key into (exposure, base assets) rows × months.

    Exposure, against the baseline: the frozen balance on [T, S) (from default to payment),
    less the baseline balance α + β·m on [T, maturity] (it amortises to 0 at maturity; flat
    where nothing amortises). Base assets: the loss from S on, less what comes back: the
    recovery rate of it, evenly over the recovery months."""
    months = scenario.months
    never = np.full(month.shape[0], NEVER)
    end = np.where(amortising, remaining + 1, NEVER).astype(np.int64)
    slope = np.where(amortising, exposure / np.maximum(remaining, 1), 0.0)  # −β
    base_key = key + rows  # base assets in the rows after the exposure rows
    flat = [
        (key, month, paid, frozen),
        (key, month, end, -exposure),
        (base_key, paid, never, -loss),
    ]
    sloped = [(key, month, end, slope)]
    rate, spread = scenario.recovery_rate, scenario.recovery_months
    if rate > 0 and spread > 0:
        flat += [
            (base_key, paid, paid + spread, -rate * loss * paid / spread),
            (base_key, paid + spread, never, rate * loss),
        ]
        sloped += [(base_key, paid, paid + spread, rate * loss / spread)]
    elif rate > 0:
        flat += [(base_key, paid, never, rate * loss)]
    total = _accumulate(flat, sloped, 2 * rows, months)
    return total[:rows], total[rows:]


def simulate_chunk(book: Book, scenario: Scenario, *, seed: int, chunk: int, paths: int):
    """Simulate `paths` paths of chunk `chunk` (reproducible from seed and chunk)."""
    rng = np.random.default_rng([seed, chunk])
    months = scenario.months
    month_ends = np.arange(1, months + 1)
    amortise = scenario.amortisation
    exposure = book.exposure_krw.astype(np.float64)
    remaining = book.remaining_months.astype(np.float64)
    in_accident = book.in_accident_months >= 0
    share_kept = 1.0 - _reguarantee(book, scenario)

    # The book without any default: live guarantees amortise, those in accident are frozen.
    live = ~in_accident
    baseline = np.zeros(months)
    for m in month_ends:  # H sums over the book, not paths × book
        baseline[m - 1] = _amortised(exposure[live], remaining[live], m, amortise).sum()
    baseline += exposure[in_accident].sum()
    baseline_program = _program_baseline(book, scenario, exposure, remaining, live)

    path, index, month = _defaults(rng, book, scenario, paths)
    if amortise:  # a guarantee that matured before its default month was gone
        alive = month <= book.remaining_months[index]
        path, index, month = path[alive], index[alive], month[alive]
    frozen = _amortised(exposure[index], remaining[index], month - 1, amortise)
    paid = month + scenario.lag_months

    subrogated = rng.random(path.shape[0]) >= scenario.normalisation_share
    path, index, month = path[subrogated], index[subrogated], month[subrogated]
    frozen, paid = frozen[subrogated], paid[subrogated]

    # One accumulation by path × (programme, or the last column for general guarantees): the
    # foundation's figures are the sum over the columns, the programmes' are the columns.
    programs = book.programs
    columns = programs + 1
    column = np.where(book.program[index] >= 0, book.program[index], programs)
    by_column, base_by_column = _effects(
        path * columns + column,
        paths * columns,
        scenario,
        month=month,
        paid=paid,
        frozen=frozen,
        exposure=exposure[index],
        remaining=book.remaining_months[index].astype(np.int64),
        amortising=np.full(index.shape[0], amortise),
        loss=frozen * share_kept[index],
    )
    by_column = by_column.reshape(paths, columns, months)
    base_by_column = base_by_column.reshape(paths, columns, months)
    exposure_paths = by_column.sum(axis=1)
    base_paths = base_by_column.sum(axis=1)
    program_exposure = by_column[:, :programs, :]
    program_base = base_by_column[:, :programs, :]

    # Guarantees already in accident: defaulted at month 0 in every path, paid after what is
    # left of the lag unless normalised. Their effect is the same vector in every path, so a
    # path's total is (subrogated or not) × those vectors: one matrix product.
    accident_index = np.flatnonzero(in_accident)
    if accident_index.shape[0]:
        count = accident_index.shape[0]
        elapsed = book.in_accident_months[accident_index]
        own = np.arange(count)
        amount = exposure[accident_index]
        hit = (rng.random((paths, count)) >= scenario.normalisation_share).astype(np.float64)
        exposure_each, base_each = _effects(
            own,
            count,
            scenario,
            month=np.zeros(count, np.int64),
            paid=np.maximum(scenario.lag_months - elapsed, 1).astype(np.int64),
            frozen=amount,
            exposure=amount,
            remaining=np.zeros(count, np.int64),
            amortising=np.zeros(count, dtype=bool),  # in accident: frozen, no instalments
            loss=amount * share_kept[accident_index],
        )
        exposure_paths += hit @ exposure_each
        base_paths += hit @ base_each
        if programs:
            where = book.program[accident_index]
            spread = np.zeros((count, programs, months))
            spread_base = np.zeros((count, programs, months))
            mine = where >= 0
            spread[own[mine], where[mine]] = exposure_each[mine]
            spread_base[own[mine], where[mine]] = base_each[mine]
            program_exposure += (hit @ spread.reshape(count, -1)).reshape(paths, programs, months)
            program_base += (hit @ spread_base.reshape(count, -1)).reshape(paths, programs, months)

    loss = -base_paths[:, -1].copy()
    exposure_paths += baseline + scenario.new_supply_krw_monthly * month_ends
    base_paths += book.base_krw + scenario.contributions_krw_monthly * month_ends

    program_breached = np.zeros((paths, programs), dtype=bool)
    if programs:
        exposure_by_program = program_exposure + baseline_program[None]
        funding = program_base + book.program_funding_krw[None, :, None]
        capacity = funding * book.program_multiple[None, :, None]
        if book.program_capacity_fixed_krw is not None:
            fixed = book.program_capacity_fixed_krw[None, :, None]
            capacity = np.where(fixed >= 0, fixed, capacity)
        program_breached = (exposure_by_program > capacity).any(axis=2)

    with np.errstate(divide="ignore", invalid="ignore"):
        multipliers = np.where(base_paths > 0, exposure_paths / base_paths, np.inf)
    return ChunkResult(
        multipliers=multipliers,
        breached=(multipliers > scenario.limit).any(axis=1),
        program_breached=program_breached,
        loss_krw=loss,
    )


def _program_baseline(book, scenario, exposure, remaining, live) -> np.ndarray:
    """Each programme's exposure at each month-end without defaults (programmes × months)."""
    result = np.zeros((book.programs, scenario.months))
    if not book.programs:
        return result
    in_program = book.program >= 0
    for m in range(1, scenario.months + 1):
        balance = np.where(
            live, _amortised(exposure, remaining, m, scenario.amortisation), exposure
        )
        result[:, m - 1] = np.bincount(
            book.program[in_program], weights=balance[in_program], minlength=book.programs
        )
    return result


@dataclass
class Summary:
    paths: int
    breach_probability: float
    breach_standard_error: float
    program_breach_probability: np.ndarray
    month_quantiles: np.ndarray  # months × len(QUANTILES); inf where base assets ≤ 0
    expected_loss_krw: int
    loss_p99_krw: int


def combine(results: list[ChunkResult]) -> Summary:
    """The final step: every chunk's paths together (chunk order does not matter)."""
    multipliers = np.concatenate([r.multipliers for r in results])
    breached = np.concatenate([r.breached for r in results])
    program = np.concatenate([r.program_breached for r in results])
    loss = np.concatenate([r.loss_krw for r in results])
    n = breached.shape[0]
    probability = float(breached.mean()) if n else 0.0
    # inverted_cdf picks observed values, so an infinite multiplier never becomes NaN.
    quantiles = (
        np.quantile(multipliers, QUANTILES, axis=0, method="inverted_cdf").T
        if n
        else np.zeros((0, len(QUANTILES)))
    )
    return Summary(
        paths=n,
        breach_probability=probability,
        breach_standard_error=float(np.sqrt(probability * (1 - probability) / n)) if n else 0.0,
        program_breach_probability=program.mean(axis=0) if n else np.zeros(0),
        month_quantiles=quantiles,
        expected_loss_krw=round(float(loss.mean())) if n else 0,
        loss_p99_krw=round(float(np.quantile(loss, 0.99, method="inverted_cdf"))) if n else 0,
    )


def chunk_sizes(paths: int, chunk_paths: int) -> list[int]:
    """How `paths` split into chunks of at most `chunk_paths` (the last may be smaller)."""
    full, rest = divmod(paths, chunk_paths)
    return [chunk_paths] * full + ([rest] if rest else [])


def simulate(book: Book, scenario: Scenario, *, paths: int, seed: int, chunk_paths: int = 1000):
    """All chunks in this process (the command; Celery runs the same chunks in parallel)."""
    results = [
        simulate_chunk(book, scenario, seed=seed, chunk=c, paths=size)
        for c, size in enumerate(chunk_sizes(paths, chunk_paths))
    ]
    return combine(results)

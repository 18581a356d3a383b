"""The guarantee book, simulated one year at a time with exact quotas.

Why year by year: every council figure is "what happened in year Y" or "what was left on
Y-12-31", so each year is built to its plan (`plan.py`) before the next one starts, in an
order where nothing decided later in the year can change a figure already fixed:

1. new guarantees — in 2015–2018 first, so they can default in their first year;
2. accidents — exactly n, chosen by a tilted random draw so that their exposures add up to
   about the target, then the amounts fitted to the won (`fitting.py`);
3. resolutions of open accidents — exactly n normalisations and n subrogations, amounts
   fitted; an accident still open on 12-31 is resolved next year, before its maturity;
4. maturities — instalment loans pay off, bullet loans are renewed (extension) or repaid;
5. new guarantees — in 2019–2020 only now: their number is supply − renewals, their total
   supply − what the renewals naturally come to (general loans rescaled to that total);
6. renewal amounts fitted so that issuances + extensions = the supply amount to the won (the
   knob: the partial repayment a borrower makes when a loan is renewed);
7. early repayments (중도 상환) — exactly as many as make the year-end count right, leaning
   toward larger or smaller loans so that the year-end exposure lands near its target;
8. scheduled instalments up to 12-31, then the year-end exposure fitted to the won (the knob:
   each loan's last instalment of the year, on which nothing later that year depends);
9. recoveries (exact) and write-offs (whatever makes the recourse-claim balance).

The counts that must come out exactly need room: `_maturity_caps` keeps the maturities of
2019 and 2020 below what those years' year-end counts allow, so step 7 never has to "un-end"
a guarantee.

Physical rules kept throughout (and checked by `validate.py`): no event before issue or
after 2020-12-31, exposure and claims never negative, an accident only on a live guarantee
whose maturity is ≥ 300 days away (so it is resolved before maturity), normalisation and
subrogation only after an accident of the same guarantee, subrogation ≤ exposure and
releasing all of it, recovery and write-off ≤ the claim left, an extension for exactly the
exposure left.

Simplifications: instalments are yearly (on the issue-date anniversary) rather than monthly,
so the files stay a manageable size; an instalment due while an accident is open is skipped
(arrears); the book starts empty on 2015-01-01, so the early years' multiplier is low and
their subrogations come from young guarantees.
"""

from __future__ import annotations

import gc
import random
from collections import Counter

from .days import add_years, random_day, year_end, year_of, year_start
from .fitting import FitError, choose_tilted, fit_total, reach_total
from .issuance import REPEAT_BUSINESS, Draft, draft, issue_days, weighted
from .model import (
    ACCIDENT,
    ACTIVE,
    CLOSED,
    EXTENSION,
    IN_ACCIDENT,
    M_CLOSED_DOWN,
    M_CURED,
    M_EXTENSION,
    M_INSTALMENT,
    M_LAST_INSTALMENT,
    M_MATURITY,
    M_OVERDUE,
    M_PARTIAL,
    M_PARTIAL_WRITE_OFF,
    M_PREPAID,
    M_RECOVERED,
    M_SUBROGATED,
    M_WRITTEN_OFF,
    NORMALIZATION,
    RECOVERY,
    REPAYMENT,
    SUBROGATED,
    SUBROGATION,
    TERMINATION,
    WRITE_OFF,
    EventLog,
    Guarantee,
)
from .plan import BookScale, YearPlan, year_plans
from .reference import BANK_WEIGHTS, BRANCH_WEIGHTS, new_business_no, shop_name

MIN_EXPOSURE = 100_000  # a live guarantee keeps at least this much (else it would be repaid)
MIN_REPAYMENT = 10_000
# Share of maturing bullet loans renewed: lower before 2019 so that supply grows year on
# year into DOMAIN.md's 2019 figure.
EXTENSION_RATE = {2015: 0.75, 2016: 0.75, 2017: 0.75, 2018: 0.75}
LATE_EXTENSION_RATE = 0.9
ACCIDENT_HORIZON = 300  # days an accident needs before maturity; resolution within 299


def _enough_exposure(taken: list[tuple], left: list[tuple], needed: int) -> list[tuple]:
    """Trade the smallest resolved accidents for larger open ones until the resolved
    exposure covers the year's subrogations + normalisations (with 3 % to spare)."""
    needed = needed * 103 // 100
    total = sum(item[0].level for item in taken)
    if total >= needed:
        return taken
    taken = sorted(taken, key=lambda item: item[0].level)
    left = sorted(left, key=lambda item: -item[0].level)
    for pos in range(min(len(taken), len(left))):
        gain = left[pos][0].level - taken[pos][0].level
        if total >= needed or gain <= 0:
            break
        taken[pos] = left[pos]
        total += gain
    return sorted(taken, key=lambda item: item[0].idx)


def _balance_split(
    subs: list[int], norms: list[int], levels: list[int], sub_target: int, norm_target: int
) -> tuple[list[int], list[int]]:
    """Swap large exposures from the subrogated group to the normalised one (and small ones
    back) until both groups can reach their totals: each amount is at most its exposure."""
    spare = sum(levels[i] for i in subs) - sub_target
    missing = norm_target - sum(levels[i] for i in norms)
    if missing <= 0 or spare <= 0:
        return subs, norms
    subs = sorted(subs, key=lambda i: -levels[i])
    norms = sorted(norms, key=lambda i: levels[i])
    for pos in range(min(len(subs), len(norms))):
        gain = levels[subs[pos]] - levels[norms[pos]]
        if missing <= 0 or gain <= 0:
            break
        if gain > spare:
            continue
        subs[pos], norms[pos] = norms[pos], subs[pos]
        spare -= gain
        missing -= gain
    return sorted(subs), sorted(norms)


class BookBuilder:
    """Runs the simulation; `build()` returns the builder with guarantees and events."""

    def __init__(self, scale: BookScale, seed: int, strict: bool | None = None):
        self.scale, self.seed = scale, seed
        self.strict = scale.strict if strict is None else strict
        self.plans = year_plans(scale)
        self.guarantees: list[Guarantee] = []
        self.live: list[Guarantee] = []
        self.claims: list[Guarantee] = []
        self.businesses: list[tuple[str, str, str]] = []  # (number, name, branch)
        self._taken_numbers: set[str] = set()
        self.events = EventLog()
        self.maturities: Counter[int] = Counter()
        self.caps = self._maturity_caps()
        self.misses: list[str] = []
        self.notes: list[str] = []  # calibration diagnostics (natural vs fitted totals)

    # -- plumbing ----------------------------------------------------------------------------

    def _rng(self, stage: str, year: int) -> random.Random:
        """One stream per stage and year, so changing one stage does not reshuffle others."""
        return random.Random(f"{self.seed}:{stage}:{year}")  # nosec B311  # demo data, seeded on purpose

    def _miss(self, message: str) -> None:
        self.misses.append(message)

    def _maturity_caps(self) -> dict[int, int]:
        """Most maturities a DOMAIN year can take.

        In such a year, alive(Y) = alive(Y−1) − maturities − early repayments − subrogations
        + supply count, so maturities + early repayments are fixed by the plan; capping the
        maturities (90 %) leaves room for early repayments to make the count exact.
        """
        caps = {}
        by_year = {p.year: p for p in self.plans}
        for plan in self.plans:
            if plan.supply is not None and plan.year - 1 in by_year:
                room = (
                    by_year[plan.year - 1].alive
                    - plan.subrogations.count
                    + plan.supply.count
                    - plan.alive
                )
                caps[plan.year] = int(room * 0.9)
        return caps

    def _set_maturity(self, g: Guarantee, start: int, years: int, longest: int) -> int:
        """Maturity `years` after `start`, moved to a later (or earlier) year when the capped
        year is full; returns the number of years used."""
        options = [years, *range(years + 1, longest + 1), *range(years - 1, 0, -1)]
        for option in options:
            day = add_years(start, option)
            year = year_of(day)
            if self.maturities[year] < self.caps.get(year, 1 << 60):
                break
        self.maturities[year] += 1
        g.maturity = day
        return option

    def _advance(self, g: Guarantee, day: int) -> None:
        """Book the instalments due up to `day`; skipped while an accident is open."""
        while g.next_due is not None and g.next_due <= day:
            if g.state == ACTIVE:
                amount = g.level // (g.term - g.k + 1)
                if amount > 0:
                    g.knob = self.events.add(g, g.next_due, REPAYMENT, amount, M_INSTALMENT)
                    g.level -= amount
            g.k += 1
            g.next_due = add_years(g.issued, g.k) if g.k < g.term else None

    def _close(self, g: Guarantee, day: int, memo: int) -> None:
        self._advance(g, day)
        self.events.add(g, day, TERMINATION, g.level, memo)
        g.level, g.state = 0, CLOSED

    # -- the years ---------------------------------------------------------------------------

    def build(self) -> BookBuilder:
        # Millions of long-lived small objects and no reference cycles: the cyclic garbage
        # collector would rescan them all, over and over, for nothing (3× slower at national).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for plan in self.plans:
                self._year(plan)
        finally:
            if collecting:
                gc.enable()
        if self.misses and self.strict:
            raise FitError("the book misses its plan:\n" + "\n".join(self.misses))
        return self

    def _year(self, plan: YearPlan) -> None:
        self.live = [g for g in self.live if g.state in (ACTIVE, IN_ACCIDENT)]
        if plan.supply is None:
            self.live += self._issue(plan.year, plan.issues or 0, None)
        self._accidents(plan)
        self._resolutions(plan)
        pending = self._maturities(plan)
        if plan.supply is not None:
            natural = sum(ext for _, _, ext, _ in pending)
            count = plan.supply.count - len(pending)
            self.live += self._issue(plan.year, count, plan.supply.amount_krw - natural)
        self._extensions(plan, pending)
        self._early_repayments(plan)
        last = year_end(plan.year)
        for g in self.live:
            if g.state == ACTIVE and g.next_due is not None and g.next_due <= last:
                self._advance(g, last)
        if plan.balance_krw is not None:
            self._fit_balance(plan)
        self._recoveries(plan)
        self._write_offs(plan)

    # -- 1/5. issuance -----------------------------------------------------------------------

    def _business(self, rng: random.Random) -> int:
        if self.businesses and rng.random() < REPEAT_BUSINESS:
            return rng.randrange(len(self.businesses))
        branch = weighted(rng, BRANCH_WEIGHTS)
        corporate = rng.random() < 0.12
        number = new_business_no(rng, corporate, self._taken_numbers)
        self.businesses.append((number, shop_name(rng, branch, corporate), branch))
        return len(self.businesses) - 1

    def _issue(self, year: int, count: int, amount_krw: int | None) -> list[Guarantee]:
        """`count` new guarantees of `year`; when `amount_krw` is given, general loans are
        rescaled (to whole 백만원 / 10만원) so that the guaranteed amounts add up to it within
        a 백만원 or so — the extensions take up the last won."""
        rng = self._rng("issue", year)
        days = issue_days(rng, year, count)
        drafts = [draft(rng, day) for day in days]
        if amount_krw is not None:
            self._rescale(rng, drafts, amount_krw)
        made = []
        for seq, d in enumerate(drafts, 1):
            g = Guarantee(
                len(self.guarantees),
                year,
                d.day,
                self._business(rng),
                weighted(rng, BANK_WEIGHTS),
                d.loan,
                d.ratio,
                d.fee,
                d.bullet,
                d.term,
                d.grace,
            )
            g.no = f"G{year}-{seq:07d}"
            g.term = self._set_maturity(g, d.day, d.term, 3 if d.bullet else 5)
            g.first_maturity = g.maturity
            if not d.bullet:
                g.next_due = add_years(d.day, g.k) if g.k < g.term else None
            self.guarantees.append(g)
            made.append(g)
        return made

    def _rescale(self, rng: random.Random, drafts: list[Draft], target: int) -> None:
        """Scale the general (non-COVID) loans so the guaranteed total is ≈ `target`."""
        general = [d for d in drafts if not d.covid]
        fixed = sum(d.guaranteed for d in drafts if d.covid)
        natural = sum(d.guaranteed for d in general)
        if not general or natural <= 0:
            return
        factor = (target - fixed) / natural
        self.notes.append(f"{year_of(drafts[0].day)} issue rescale {factor:.3f}")
        for d in general:
            unit = 1_000_000 if d.loan * factor >= 10_000_000 else 500_000
            d.loan = max(unit, round(d.loan * factor / unit) * unit)
        # Rounding leaves a gap of some 백만원: close it a million at a time on random loans.
        gap = target - fixed - sum(d.guaranteed for d in general)
        order = list(range(len(general)))
        rng.shuffle(order)
        for i in order:
            d = general[i]
            step = 1_000_000 * int(d.ratio) // 100
            if abs(gap) < step:
                continue
            if gap > 0:
                d.loan += 1_000_000
                gap -= step
            elif d.loan > 2_000_000:
                d.loan -= 1_000_000
                gap += step

    # -- 2. accidents ------------------------------------------------------------------------

    def _accidents(self, plan: YearPlan) -> None:
        year, target = plan.year, plan.accidents
        rng = self._rng("accidents", year)
        first, last = year_start(year), year_end(year)
        cands, days, levels, natural = [], [], [], []
        for g in self.live:
            if g.state != ACTIVE or (plan.supply is not None and g.year == year):
                continue
            lo = max(first, g.issued + 45, g.last_date + 1)
            hi = min(last, g.maturity - ACCIDENT_HORIZON)
            if lo > hi:
                continue
            # Earlier in the window rather than later: most accidents are resolved in the year.
            day = lo + int((hi - lo + 1) * rng.random() ** 1.5)
            level = g.level_at(day)
            if level < 1_000_000:
                continue
            cands.append(g)
            days.append(day)
            levels.append(level)
            # Usually the whole exposure is in default; sometimes only the overdue part.
            natural.append(
                level if rng.random() < 0.6 else int(level * (0.6 + 0.35 * rng.random()))
            )
        chosen = choose_tilted(rng, natural, target.count, target.amount_krw)
        low = [max(1, v // 4) for v in levels]
        chosen = reach_total(chosen, len(cands), levels, low, target.amount_krw)
        amounts = fit_total(
            [natural[i] for i in chosen],
            [low[i] for i in chosen],
            [levels[i] for i in chosen],
            target.amount_krw,
        )
        self._check(f"{year} accidents", len(chosen), sum(amounts), target)
        for i, amount in zip(chosen, amounts, strict=True):
            g = cands[i]
            self._advance(g, days[i])
            memo = M_OVERDUE if rng.random() < 0.8 else M_CLOSED_DOWN
            self.events.add(g, days[i], ACCIDENT, amount, memo)
            g.state, g.acc_date, g.acc_amount, g.touched = IN_ACCIDENT, days[i], amount, year

    def _check(self, what: str, count: int, amount: int, target) -> None:
        if count != target.count or amount != target.amount_krw:
            self._miss(
                f"{what}: {count} / {amount:,}원, planned {target.count} / {target.amount_krw:,}원"
            )

    # -- 3. resolutions ----------------------------------------------------------------------

    def _resolutions(self, plan: YearPlan) -> None:
        year = plan.year
        rng = self._rng("resolutions", year)
        first, last = year_start(year), year_end(year)
        wanted = plan.normalizations.count + plan.subrogations.count
        forced, optional = [], []
        for g in self.live:
            if g.state != IN_ACCIDENT:
                continue
            lo = max(g.acc_date + 20, first)
            hi = min(g.acc_date + ACCIDENT_HORIZON - 1, g.maturity - 1)
            # Open since last year, or too late to stay open into next year: resolve now.
            if g.acc_date < first or hi < year_end(year) + 30:
                forced.append((g, lo, min(hi, last)))
            elif lo <= last:
                lag = 20 + int(250 * rng.random() ** 1.3)
                optional.append((g.acc_date + lag, g, lo, min(hi, last)))
        optional.sort(key=lambda item: (item[0], item[1].idx))
        take = max(0, wanted - len(forced))
        chosen = _enough_exposure(
            [item[1:] for item in optional[:take]],
            [item[1:] for item in optional[take:]],
            plan.subrogations.amount_krw
            + plan.normalizations.amount_krw
            - sum(g.level for g, _, _ in forced),
        )
        resolved = forced + chosen
        if len(resolved) != wanted:
            self._miss(f"{year} resolutions: {len(resolved)} possible, planned {wanted}")
        levels = [g.level for g, _, _ in resolved]
        subs = choose_tilted(rng, levels, plan.subrogations.count, plan.subrogations.amount_krw)
        subs = reach_total(
            subs, len(resolved), levels, [v // 2 for v in levels], plan.subrogations.amount_krw
        )
        sub_set = set(subs)
        norms = [i for i in range(len(resolved)) if i not in sub_set]
        subs, norms = _balance_split(
            subs, norms, levels, plan.subrogations.amount_krw, plan.normalizations.amount_krw
        )
        self._resolve(plan, rng, [resolved[i] for i in subs], SUBROGATION)
        self._resolve(plan, rng, [resolved[i] for i in norms], NORMALIZATION)

    def _resolve(self, plan: YearPlan, rng: random.Random, items: list, kind: int) -> None:
        year = plan.year
        target = plan.subrogations if kind == SUBROGATION else plan.normalizations
        if kind == SUBROGATION:  # the bank is paid the exposure, sometimes less interest
            natural = [g.level for g, _, _ in items]
            low = [g.level // 2 for g, _, _ in items]
        else:  # the arrears recorded at the accident are cleared
            natural = [g.acc_amount for g, _, _ in items]
            low = [max(1, g.acc_amount // 3) for g, _, _ in items]
        amounts = fit_total(natural, low, [g.level for g, _, _ in items], target.amount_krw)
        name = "subrogations" if kind == SUBROGATION else "normalizations"
        self._check(f"{year} {name}", len(items), sum(amounts), target)
        for (g, lo, hi), amount in zip(items, amounts, strict=True):
            day = random_day(rng, lo, hi)
            self._advance(g, day)  # instalments due while in arrears are skipped
            g.touched = year
            if kind == SUBROGATION:
                self.events.add(g, day, SUBROGATION, amount, M_SUBROGATED)
                g.level, g.state = 0, SUBROGATED
                g.claim, g.claim_opened, g.claim_last = amount, day, day
                self.claims.append(g)
            else:
                self.events.add(g, day, NORMALIZATION, amount, M_CURED)
                g.state = ACTIVE

    # -- 4/6. maturities and extensions ------------------------------------------------------

    def _maturities(self, plan: YearPlan) -> list[tuple]:
        """Pay off maturing instalment loans; decide which bullet loans are renewed.

        Returns the renewals as (guarantee, exposure, natural extension amount, flexible).
        """
        year = plan.year
        rng = self._rng("maturities", year)
        first, last = year_start(year), year_end(year)
        bullets, instalments = [], []
        for g in self.live:
            if g.state == ACTIVE and first <= g.maturity <= last:
                (bullets if g.bullet else instalments).append(g)
        wanted = round(EXTENSION_RATE.get(year, LATE_EXTENSION_RATE) * len(bullets))
        if plan.supply is not None:
            wanted = min(wanted, plan.supply.count)
        else:  # keep the year-end count reachable: renew more rather than fall short
            alive = sum(1 for g in self.live if g.state in (ACTIVE, IN_ACCIDENT))
            staying = alive - len(instalments) - len(bullets)
            wanted = max(wanted, plan.alive - staying)
        wanted = max(0, min(wanted, len(bullets)))
        self.notes.append(
            f"{year} maturing bullets {len(bullets)} instalments {len(instalments)}"
            f" renewed {wanted} cap {self.caps.get(year)}"
        )
        renewed = set(rng.sample(range(len(bullets)), wanted))
        for g in instalments:
            self._close(g, g.maturity, M_LAST_INSTALMENT)
        pending = []
        for i, g in enumerate(bullets):
            if i not in renewed:
                self._close(g, g.maturity, M_MATURITY)
                continue
            level = g.level
            repay = 0
            if rng.random() < 0.35:  # renewed on condition of a partial repayment
                repay = int(level * rng.choice((0.1, 0.2, 0.3)) / 100_000) * 100_000
            if repay >= MIN_EXPOSURE and level - repay >= MIN_EXPOSURE:
                pending.append((g, level, level - repay, True))
            else:
                pending.append((g, level, level, False))
        return pending

    def _extensions(self, plan: YearPlan, pending: list[tuple]) -> None:
        rng = self._rng("extensions", plan.year)
        amounts = [ext for _, _, ext, _ in pending]
        if plan.supply is not None:
            issued = sum(g.amount for g in self.live if g.year == plan.year)
            target = plan.supply.amount_krw - issued
            amounts = self._fit_extensions(pending, target)
            supply = issued + sum(amounts)
            self._check(
                f"{plan.year} supply",
                len(pending) + sum(1 for g in self.live if g.year == plan.year),
                supply,
                plan.supply,
            )
        for (g, level, _, _), amount in zip(pending, amounts, strict=True):
            if amount < level:
                self.events.add(g, g.maturity, REPAYMENT, level - amount, M_PARTIAL)
            years = 1 if rng.random() < 0.8 else 2
            old = g.maturity
            self._set_maturity(g, old, years, 3)
            self.events.add(g, old, EXTENSION, amount, M_EXTENSION, g.maturity)
            g.level, g.touched = amount, plan.year

    @staticmethod
    def _fit_extensions(pending: list[tuple], target: int) -> list[int]:
        """Renewal amounts adding up to `target`: first only the renewals that already come
        with a partial repayment move; if that is not enough, all of them may."""
        natural = [ext for _, _, ext, _ in pending]
        high = [level - MIN_REPAYMENT if flexible else level for _, level, _, flexible in pending]
        low = [level // 2 if flexible else level for _, level, _, flexible in pending]
        amounts = fit_total(natural, low, high, target)
        if sum(amounts) != target:
            high = [level for _, level, _, _ in pending]
            low = [max(MIN_EXPOSURE, level // 2) for _, level, _, _ in pending]
            amounts = fit_total(natural, low, high, target)
        return amounts

    # -- 7. early repayments -----------------------------------------------------------------

    def _early_repayments(self, plan: YearPlan) -> None:
        year = plan.year
        rng = self._rng("early", year)
        first, last = year_start(year), year_end(year)
        alive = sum(1 for g in self.live if g.state in (ACTIVE, IN_ACCIDENT))
        wanted = alive - plan.alive
        cands = [
            g
            for g in self.live
            if g.state == ACTIVE
            and g.touched != year
            and g.maturity > last
            and g.issued <= last - 60
        ]
        self.notes.append(f"{year} early repayments {wanted} of {len(cands)}")
        if wanted < 0 or wanted > len(cands):
            self._miss(
                f"{year} year-end count: {alive} live before early repayments, planned {plan.alive}"
            )
            wanted = max(0, min(wanted, len(cands)))
        if plan.balance_krw is None:
            chosen = rng.sample(cands, wanted)
        else:
            # Lean toward larger or smaller loans so that what is left on 12-31 lands near the
            # target; the year's last instalments then make it exact (_fit_balance).
            ending = [g.level_at(last) for g in cands]
            projected = sum(
                g.level_at(last) if g.state == ACTIVE else g.level
                for g in self.live
                if g.state in (ACTIVE, IN_ACCIDENT)
            )
            picks = choose_tilted(rng, ending, wanted, max(1, projected - plan.balance_krw))
            chosen = [cands[i] for i in picks]
            self.notes.append(
                f"{year} early repayments: projected {projected:,}, removing "
                f"{sum(ending[i] for i in picks):,}"
            )
        for g in sorted(chosen, key=lambda g: g.idx):
            day = random_day(rng, max(first, g.issued + 30, g.last_date + 1), last)
            self._close(g, day, M_PREPAID)

    # -- 8. year-end balance -----------------------------------------------------------------

    def _fit_balance(self, plan: YearPlan) -> None:
        """Fit the exposure on 12-31 by moving each eligible loan's last instalment of the
        year (nothing else that year depends on it: it is the loan's last event)."""
        year = plan.year
        alive = [g for g in self.live if g.state in (ACTIVE, IN_ACCIDENT)]
        balance = sum(g.level for g in alive)
        ev = self.events
        self.notes.append(f"{year} balance natural {balance:,} target {plan.balance_krw:,}")
        knobs = [
            g
            for g in alive
            if g.state == ACTIVE
            and g.knob >= 0
            and g.knob == g.last_ev
            and year_of(ev.date[g.knob]) == year
            and g.level + ev.amount[g.knob] >= MIN_EXPOSURE + MIN_REPAYMENT
        ]
        natural = [ev.amount[g.knob] for g in knobs]
        before = [g.level + a for g, a in zip(knobs, natural, strict=True)]
        high = [b - MIN_EXPOSURE for b in before]
        low = [min(MIN_REPAYMENT, h) for h in high]
        target = sum(natural) + balance - plan.balance_krw
        amounts = fit_total(natural, low, high, target)
        self.notes.append(
            f"{year} balance knobs {len(knobs)} natural {sum(natural):,} fitted {target:,}"
        )
        for g, b, amount in zip(knobs, before, amounts, strict=True):
            ev.amount[g.knob] = amount
            g.level = b - amount
        fitted = sum(g.level for g in alive)
        if fitted != plan.balance_krw or len(alive) != plan.alive:
            self._miss(
                f"{year} balance: {len(alive)} / {fitted:,}원, planned {plan.alive} / "
                f"{plan.balance_krw:,}원 (natural {balance:,}원, {len(knobs)} knobs)"
            )

    # -- 9. recourse claims ------------------------------------------------------------------

    def _recoveries(self, plan: YearPlan) -> None:
        year, target = plan.year, plan.recoveries
        rng = self._rng("recoveries", year)
        first, last = year_start(year), year_end(year)
        self.claims = [g for g in self.claims if g.claim > 0]
        cands, days, natural, highs = [], [], [], []
        for g in self.claims:
            lo = max(first, g.claim_last + 30)
            if lo > last:
                continue
            cands.append(g)
            days.append(random_day(rng, lo, last))
            highs.append(g.claim)
            natural.append(max(1, int(g.claim * (0.05 + 0.95 * rng.random() ** 0.6))))
        chosen = choose_tilted(rng, natural, target.count, target.amount_krw)
        low = [min(h, MIN_REPAYMENT) for h in highs]
        chosen = reach_total(chosen, len(cands), highs, low, target.amount_krw)
        amounts = fit_total(
            [natural[i] for i in chosen],
            [low[i] for i in chosen],
            [highs[i] for i in chosen],
            target.amount_krw,
        )
        self._check(f"{year} recoveries", len(chosen), sum(amounts), target)
        for i, amount in zip(chosen, amounts, strict=True):
            g = cands[i]
            self.events.add(g, days[i], RECOVERY, amount, M_RECOVERED)
            g.claim -= amount
            g.claim_last = days[i]

    def _write_offs(self, plan: YearPlan) -> None:
        """Write off whole claims (a year old at least) until the year's amount is reached;
        the last one only in part. The count is whatever that takes."""
        year = plan.year
        rng = self._rng("write-offs", year)
        last = year_end(year)
        outstanding = sum(g.claim for g in self.claims)
        if plan.write_off_krw is not None:
            target = plan.write_off_krw
        else:
            target = outstanding - (plan.claims_balance_krw or outstanding)
        if target < 0:
            self._miss(
                f"{year} write-offs: claims {outstanding:,}원 are below the planned "
                f"balance {plan.claims_balance_krw:,}원"
            )
            return
        cands = [g for g in self.claims if g.claim > 0 and g.claim_opened <= last - 365]
        rng.shuffle(cands)
        left = target
        partial = []
        for g in cands:
            # Whole claims while they fit and leave either nothing or a sensible remainder.
            if g.claim == left or g.claim <= left - MIN_REPAYMENT:
                left -= g.claim
                self._write_off(g, rng, year, g.claim, M_WRITTEN_OFF)
            elif g.claim > left and not partial:
                partial.append(g)
            if not left:
                break
        if left and partial:  # the rest from one claim, in part (원금감면)
            self._write_off(partial[0], rng, year, left, M_PARTIAL_WRITE_OFF)
            left = 0
        if left:
            self._miss(f"{year} write-offs: {left:,}원 of {target:,}원 not placed")

    def _write_off(self, g: Guarantee, rng: random.Random, year: int, amount: int, memo: int):
        day = random_day(
            rng, max(year_start(year), g.claim_last, g.claim_opened + 365), year_end(year)
        )
        self.events.add(g, day, WRITE_OFF, amount, memo)
        g.claim -= amount
        g.claim_last = day

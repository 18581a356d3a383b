"""The council report's sections, in seed 001's order: one data builder per section (a module
with TITLE and build(year) -> plain data) and one template per section
(templates/reports/sections/<key>.html)."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import (
    accidents,
    base_assets,
    base_assets_by_year,
    budget,
    committees,
    consultations,
    contributions,
    duties,
    executives,
    findings,
    multiplier,
    next_year,
    organisation,
    supply,
    supply_plan,
)


@dataclass(frozen=True)
class Section:
    key: str
    part: str  # the chapter it is printed under
    module: ModuleType

    @property
    def title(self) -> str:
        return self.module.TITLE

    @property
    def template(self) -> str:
        return f"reports/sections/{self.key}.html"


GENERAL = "일반현황"
BUSINESS = "주요업무 현황"
AUDIT = "행정사무감사 지적사항 처리계획"
PLAN = "주요업무 추진계획"

SECTIONS: list[Section] = [
    Section("organisation", GENERAL, organisation),
    Section("budget", GENERAL, budget),
    Section("committees", GENERAL, committees),
    Section("executives", GENERAL, executives),
    Section("duties", GENERAL, duties),
    Section("base_assets", BUSINESS, base_assets),
    Section("contributions", BUSINESS, contributions),
    Section("base_assets_by_year", BUSINESS, base_assets_by_year),
    Section("supply", BUSINESS, supply),
    Section("supply_plan", BUSINESS, supply_plan),
    Section("accidents", BUSINESS, accidents),
    Section("multiplier", BUSINESS, multiplier),
    Section("consultations", BUSINESS, consultations),
    Section("findings", AUDIT, findings),
    Section("next_year", PLAN, next_year),
]

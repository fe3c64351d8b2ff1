"""Build data/requirements.csv (profile x competence) from the stated assumptions below.

Run from the repository root: ``python data/make_requirements.py``. The CSV is the data the
model reads; this script is its provenance: every number in the CSV follows from the rules here,
and a test checks that the committed CSV is what this script writes. No public source gives
per-profile proficiency levels for WISE occupations, so every figure is tagged ``assumption``
and points to the assumption rows A_req_* in sources.csv.

Levels are on DigComp 2.2's 8-level scale (1-2 foundation, 3-4 intermediate, 5-6 advanced,
7-8 highly specialised), used here for every competence.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

# How much each DigComp 2.2 competence matters in WISE work, relative to the most used ones
# (browsing, interacting, protecting personal data). B-WISE WP1: cloud services, e-invoicing and
# ERP are in use; programming, AI and rapid prototyping are rarely used.
DIGCOMP_RELEVANCE = {
    "1_1": 1.0,
    "1_2": 0.8,
    "1_3": 0.9,
    "2_1": 1.0,
    "2_2": 0.8,
    "2_3": 0.4,
    "2_4": 0.9,
    "2_5": 0.7,
    "2_6": 0.5,
    "3_1": 0.6,
    "3_2": 0.5,
    "3_3": 0.4,
    "3_4": 0.2,
    "4_1": 0.9,
    "4_2": 1.0,
    "4_3": 0.8,
    "4_4": 0.6,
    "5_1": 0.8,
    "5_2": 0.6,
    "5_3": 0.4,
    "5_4": 0.6,
}

# Per profile: (digital importance scale, required level of the most relevant digital
# competences, average digital gap in levels).
DIGITAL = {
    "ena_manager": (0.8, 5, 1.0),
    "ena_ict": (1.0, 6, 0.8),
    "ena_admin": (0.8, 5, 0.8),
    "ena_coordinator": (0.7, 4, 1.0),
    "sup_job_coach": (0.6, 4, 1.2),
    "sup_supervisor": (0.6, 3, 1.0),
    "sup_trainer": (0.7, 4, 1.0),
    "sup_social": (0.5, 3, 1.0),
    "wsn_recycling": (0.3, 2, 0.8),
    "wsn_cleaning": (0.3, 2, 0.7),
    "wsn_catering": (0.3, 2, 0.7),
    "wsn_green_spaces": (0.3, 2, 0.7),
    "wsn_logistics": (0.4, 3, 0.8),
    "wsn_assembly": (0.3, 2, 0.7),
    "wsn_retail": (0.4, 3, 0.7),
    "wsn_laundry": (0.3, 2, 0.7),
}
# The ICT coordinator is the one profile for whom programming is core.
DIGCOMP_RELEVANCE_OVERRIDE = {("ena_ict", "3_4"): 0.8, ("ena_ict", "5_1"): 1.0}

TRANSVERSAL_WSN = {
    "tra_communication": (0.6, 3),
    "tra_teamwork": (0.8, 3),
    "tra_learning": (0.6, 3),
    "tra_adaptability": (0.6, 3),
    "tra_literacy": (0.6, 3),
}

# Non-digital competences that matter for a profile: (importance 0-1, required level).
# Competences not listed have importance 0.05 and level 1 (barely used).
SPECIFIC: dict[str, dict[str, tuple[float, int]]] = {
    "ena_manager": {
        "man_strategy_impact": (1.0, 6),
        "man_funding": (0.9, 6),
        "man_people": (0.9, 5),
        "man_finance": (0.8, 5),
        "man_partnerships": (0.8, 5),
        "man_process": (0.6, 4),
        "soc_coaching": (0.3, 3),
        "soc_employer_mediation": (0.4, 4),
        "grn_circular": (0.4, 3),
        "grn_env_reporting": (0.4, 4),
        "tra_communication": (0.9, 6),
        "tra_teamwork": (0.7, 5),
        "tra_learning": (0.6, 5),
        "tra_adaptability": (0.8, 5),
        "tra_literacy": (0.6, 6),
    },
    "ena_ict": {
        "man_process": (0.7, 5),
        "voc_equipment": (0.5, 4),
        "soc_assistive": (0.6, 5),
        "grn_resource": (0.3, 3),
        "tra_communication": (0.6, 4),
        "tra_teamwork": (0.6, 4),
        "tra_learning": (0.9, 6),
        "tra_adaptability": (0.8, 5),
        "tra_literacy": (0.5, 5),
    },
    "ena_admin": {
        "man_finance": (0.9, 5),
        "man_funding": (0.6, 4),
        "man_process": (0.6, 4),
        "grn_env_reporting": (0.3, 3),
        "tra_communication": (0.6, 4),
        "tra_teamwork": (0.5, 4),
        "tra_learning": (0.5, 4),
        "tra_adaptability": (0.5, 4),
        "tra_literacy": (0.8, 5),
    },
    "ena_coordinator": {
        "man_people": (0.9, 5),
        "man_process": (0.8, 5),
        "man_partnerships": (0.6, 4),
        "man_strategy_impact": (0.5, 4),
        "soc_employer_mediation": (0.5, 4),
        "soc_support_planning": (0.4, 3),
        "voc_equipment": (0.5, 3),
        "grn_circular": (0.5, 3),
        "grn_resource": (0.5, 3),
        "tra_communication": (0.8, 5),
        "tra_teamwork": (0.8, 5),
        "tra_learning": (0.6, 4),
        "tra_adaptability": (0.8, 5),
        "tra_literacy": (0.6, 5),
    },
    "sup_job_coach": {
        "soc_coaching": (1.0, 6),
        "soc_assessment": (0.9, 5),
        "soc_support_planning": (0.9, 5),
        "soc_employer_mediation": (0.8, 5),
        "soc_assistive": (0.6, 4),
        "soc_inclusive_training": (0.6, 4),
        "man_strategy_impact": (0.3, 3),
        "tra_communication": (1.0, 6),
        "tra_teamwork": (0.7, 5),
        "tra_learning": (0.6, 4),
        "tra_adaptability": (0.7, 5),
        "tra_literacy": (0.6, 5),
    },
    "sup_supervisor": {
        "voc_equipment": (0.9, 5),
        "soc_inclusive_training": (0.8, 5),
        "soc_coaching": (0.6, 4),
        "soc_assistive": (0.5, 4),
        "man_people": (0.7, 4),
        "man_process": (0.7, 4),
        "grn_circular": (0.6, 4),
        "grn_resource": (0.5, 4),
        "grn_waste": (0.5, 4),
        "voc_logistics": (0.4, 4),
        "voc_food_hygiene": (0.3, 4),
        "voc_cleaning": (0.3, 4),
        "tra_communication": (0.8, 4),
        "tra_teamwork": (0.8, 5),
        "tra_learning": (0.6, 4),
        "tra_adaptability": (0.7, 4),
        "tra_literacy": (0.6, 4),
    },
    "sup_trainer": {
        "soc_inclusive_training": (1.0, 6),
        "soc_assessment": (0.9, 5),
        "soc_coaching": (0.8, 5),
        "soc_assistive": (0.6, 4),
        "soc_support_planning": (0.5, 4),
        "voc_equipment": (0.4, 4),
        "tra_communication": (0.9, 5),
        "tra_teamwork": (0.6, 4),
        "tra_learning": (0.8, 5),
        "tra_adaptability": (0.6, 4),
        "tra_literacy": (0.7, 5),
    },
    "sup_social": {
        "soc_support_planning": (1.0, 5),
        "soc_coaching": (0.8, 5),
        "soc_assessment": (0.6, 4),
        "soc_employer_mediation": (0.5, 4),
        "soc_assistive": (0.6, 4),
        "tra_communication": (0.9, 5),
        "tra_teamwork": (0.7, 4),
        "tra_learning": (0.5, 4),
        "tra_adaptability": (0.6, 4),
        "tra_literacy": (0.6, 4),
    },
    "wsn_recycling": {
        "grn_waste": (1.0, 4),
        "grn_circular": (0.8, 3),
        "voc_equipment": (0.8, 3),
        "voc_logistics": (0.4, 2),
        "grn_resource": (0.4, 2),
        "voc_textile": (0.2, 2),
    },
    "wsn_cleaning": {
        "voc_cleaning": (1.0, 4),
        "voc_equipment": (0.6, 3),
        "grn_resource": (0.4, 2),
        "voc_customer": (0.4, 3),
    },
    "wsn_catering": {
        "voc_food_hygiene": (1.0, 4),
        "voc_customer": (0.7, 3),
        "voc_equipment": (0.6, 3),
        "grn_resource": (0.5, 2),
        "grn_waste": (0.4, 2),
    },
    "wsn_green_spaces": {
        "voc_horticulture": (1.0, 4),
        "voc_equipment": (0.8, 3),
        "grn_circular": (0.4, 2),
        "grn_resource": (0.4, 2),
        "grn_waste": (0.4, 2),
    },
    "wsn_logistics": {
        "voc_logistics": (1.0, 4),
        "voc_equipment": (0.7, 3),
        "voc_customer": (0.3, 2),
        "grn_resource": (0.3, 2),
    },
    "wsn_assembly": {
        "voc_equipment": (1.0, 4),
        "voc_logistics": (0.4, 2),
        "grn_resource": (0.3, 2),
    },
    "wsn_retail": {
        "voc_customer": (1.0, 4),
        "grn_circular": (0.7, 3),
        "voc_logistics": (0.4, 2),
        "voc_textile": (0.3, 2),
    },
    "wsn_laundry": {
        "voc_textile": (1.0, 4),
        "voc_equipment": (0.8, 3),
        "voc_cleaning": (0.5, 3),
        "grn_resource": (0.5, 2),
    },
}

# Average gap (levels short) of non-digital competences by cluster and target group.
GAP = {
    "social": {"enablers": 0.5, "supporters": 0.3, "wsn": 0.5},
    "management": {"enablers": 0.5, "supporters": 0.6, "wsn": 0.5},
    "green": {"enablers": 0.8, "supporters": 0.8, "wsn": 0.7},
    "vocational": {"enablers": 0.3, "supporters": 0.3, "wsn": 0.6},
    "transversal": {"enablers": 0.2, "supporters": 0.3, "wsn": 0.7},
}
UNUSED = (0.05, 1)


def _half_up(x: float) -> int:
    return int(x + 0.5)


def build_rows(profiles: list[dict], competences: list[dict]) -> list[list]:
    """All profile x competence rows, in profile then competence order."""
    rows = []
    for p in profiles:
        pid, group = p["profile_id"], p["group"]
        specific = dict(SPECIFIC[pid])
        if group == "wsn":
            specific = {**TRANSVERSAL_WSN, **specific}
        scale, top_level, dig_gap = DIGITAL[pid]
        for c in competences:
            cid, cluster = c["competence_id"], c["cluster"]
            if cluster == "digital":
                key = cid.removeprefix("dig_")
                rel = DIGCOMP_RELEVANCE_OVERRIDE.get((pid, key), DIGCOMP_RELEVANCE[key])
                importance = round(scale * rel, 2)
                required = max(1, _half_up(top_level * (0.5 + 0.5 * rel)))
                gap = dig_gap * (0.5 + 0.5 * rel)
            else:
                importance, required = specific.get(cid, UNUSED)
                gap = GAP[cluster][group] if (importance, required) != UNUSED else 0.0
            available = round(max(1.0, required - gap), 1)
            rows.append(
                [
                    pid,
                    cid,
                    importance,
                    "A_req_importance",
                    "assumption",
                    required,
                    "A_req_required",
                    "assumption",
                    available,
                    "A_req_available",
                    "assumption",
                ]
            )
    return rows


HEADER = [
    "profile_id",
    "competence_id",
    "importance",
    "importance_source_id",
    "importance_evidence",
    "required_level",
    "required_level_source_id",
    "required_level_evidence",
    "available_level",
    "available_level_source_id",
    "available_level_evidence",
]


def render(data_dir: Path = HERE) -> str:
    """The text of requirements.csv as these rules produce it."""
    with open(data_dir / "profiles.csv", newline="", encoding="utf-8") as f:
        profiles = list(csv.DictReader(f))
    with open(data_dir / "competences.csv", newline="", encoding="utf-8") as f:
        competences = list(csv.DictReader(f))
    lines = [",".join(HEADER)]
    lines += [",".join(str(v) for v in row) for row in build_rows(profiles, competences)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (HERE / "requirements.csv").write_text(render(), encoding="utf-8")
    print("wrote", HERE / "requirements.csv")

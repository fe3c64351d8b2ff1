"""Plan: a training plan for the scenario — who takes which module, at what cost, with which trainers —
the gaps it closes, and the cheapest plan that meets a goal."""

from __future__ import annotations

import hashlib
import math

import pandas as pd
import streamlit as st

from bwise_foresight import charts
from bwise_foresight.baseline import CLUSTERS, GROUPS
from bwise_foresight.charts import GROUP_COLORS, REFERENCE_COLOR
from bwise_foresight.charts.discovery import box_figure, trajectory_figure
from bwise_foresight.countries import analysed
from bwise_foresight.discovery import FOUND, describe, discover
from bwise_foresight.errors import ScenarioError
from bwise_foresight.goals import GAP, TRANSITIONS, Goal, failures, seek
from bwise_foresight.markup import escape
from bwise_foresight.model import targets
from bwise_foresight.scenario import ADJUSTED, ALL, Scenario
from bwise_foresight.summary import cluster_gaps
from bwise_foresight.training import country_terms, module_titles, plan_table, source_line
from bwise_foresight.ui import data, files, views
from bwise_foresight.ui.controls import state

DISCOVERY_RUNS = 2000  # sampled futures of the plan for PRIM: enough for boxes of 5 % of the futures
t = state().t
s = views.page(t("plan.title"))
b = data.baseline(t.lang)
country = data.selected_country()
code = None if country == data.EUROPE else country
cat = b.catalogue
titles = module_titles(b, t)
who = [ALL, *GROUPS, *b.profile_ids]
profile_names = data.profile_names(t.lang)


def who_name(key: str) -> str:
    return t("plan.everyone") if key == ALL else t.group(key) if key in GROUPS else profile_names[key]


st.caption(t("plan.intro"))
scenario: Scenario = s.scenario
first, last = scenario.horizon.start + 1, scenario.horizon.end
# the editor starts from the scenario's own plan: another file with the same id and another plan starts anew
PLAN = f"{s.scenario_id}::{hashlib.sha1(scenario.plan.model_dump_json().encode()).hexdigest()[:10]}"
ROWS = f"plan_rows::{PLAN}"
if ROWS not in st.session_state:
    st.session_state[ROWS] = pd.DataFrame(
        [c.model_dump() for c in scenario.plan.courses], columns=["module", "profiles", "share", "start", "end"]
    )

# --- the catalogue --------------------------------------------------------------------------------
with st.expander(t("plan.catalogue", n=len(cat.module_ids))):
    eta = scenario.training.hours_per_level
    eta = eta.mode if hasattr(eta, "mode") else float(eta)
    index = country_terms(cat, code)["cost_index"]
    st.dataframe(
        pd.DataFrame(
            {
                t("plan.col.module"): [titles[m] for m in cat.module_ids],
                t("plan.col.group"): [who_name(g) for g in b.training_modules["target_group"]],
                t("plan.col.delivery"): [t(f"plan.delivery.{d}") for d in b.training_modules["delivery"]],
                t("plan.col.hours"): cat.hours,
                t("plan.col.completion"): cat.completion * 100,
                t("plan.col.levels"): (cat.levels_hours.sum(axis=1) / eta),
                t("plan.col.clusters"): [
                    ", ".join(f"{t.cluster(c)} {t.pct(x)}" for c, x in zip(CLUSTERS, row, strict=True) if x > 0)
                    for row in cat.content
                ],
                t("plan.col.cost"): cat.cost * index,
                t("plan.col.evidence"): [t(f"data.evidence.{e}") for e in b.training_modules["hours_evidence"]],
            }
        ),
        hide_index=True,
        column_config={
            t("plan.col.completion"): st.column_config.NumberColumn(format="%.0f %%"),
            t("plan.col.levels"): st.column_config.NumberColumn(
                format="%.2f", help=t("plan.levels_help", eta=t.num(eta))
            ),
            t("plan.col.cost"): st.column_config.NumberColumn(format="euro"),
        },
    )
    st.caption(t("plan.catalogue_note"))
per_level = pd.Series(
    cat.cost * index / (cat.levels_hours.sum(axis=1) / eta), index=[titles[m] for m in cat.module_ids]
)
groups = b.training_modules["target_group"].to_numpy()
order = per_level.to_numpy().argsort()
views.chart(
    charts.bars_figure(
        per_level.iloc[order],
        title=t("plan.value_chart", eta=t.num(eta)),
        x_title=t("axis.eur_per_level"),
        hover_unit=t("unit.eur_per_level"),
        colors=[GROUP_COLORS.get(g, REFERENCE_COLOR) for g in groups[order]],
        legend={**{t.group(g): GROUP_COLORS[g] for g in GROUPS}, t("plan.everyone"): REFERENCE_COLOR},
        t=t,
    ),
    name="module_cost_per_level",
    key="plan_value",
)

# --- the plan: courses, budget, trainers ----------------------------------------------------------
st.subheader(t("plan.courses"))
edited = st.data_editor(
    st.session_state[ROWS],
    num_rows="dynamic",
    hide_index=True,
    key=f"plan_editor::{PLAN}",
    width="stretch",
    column_config={
        "module": st.column_config.SelectboxColumn(
            t("plan.col.module"), options=cat.module_ids, format_func=titles.get, required=True
        ),
        "profiles": st.column_config.SelectboxColumn(
            t("plan.col.who"), options=who, format_func=who_name, default=ALL, required=True
        ),
        "share": st.column_config.NumberColumn(
            t("plan.col.share"),
            min_value=0.0,
            max_value=1.0,
            step=0.01,
            format="percent",
            required=True,
            help=t("plan.share_help"),
        ),
        "start": st.column_config.NumberColumn(
            t("plan.col.start"), min_value=first, max_value=last, step=1, format="%d"
        ),
        "end": st.column_config.NumberColumn(t("plan.col.end"), min_value=first, max_value=last, step=1, format="%d"),
    },
)


def _limit(where, label: str, value: float | None, step: float, help: str, key: str) -> float | None:
    """A plan's limit (budget, trainers): a whole number, or empty for no limit."""
    return where.number_input(
        label,
        min_value=0.0,
        value=value,
        step=step,
        format="%.0f",
        placeholder=t("plan.no_limit"),
        help=help,
        key=f"{key}::{PLAN}",
    )


cols = st.columns(2)
budget = _limit(cols[0], t("plan.budget"), scenario.plan.budget, 100_000.0, t("plan.budget_help"), "plan_budget")
hours = t.num(country_terms(cat, code)["teaching_hours"])
trainers = _limit(
    cols[1], t("plan.trainers"), scenario.plan.trainers, 10.0, t("plan.trainers_help", hours=hours), "plan_trainers"
)


def _courses(frame: pd.DataFrame) -> list[dict[str, object]]:
    rows = frame.dropna(subset=["module", "share"])
    out = []
    for row in rows.to_dict("records"):
        course = {"module": row["module"], "profiles": row.get("profiles") or ALL, "share": float(row["share"])}
        for key in ("start", "end"):
            if pd.notna(row.get(key)):
                course[key] = int(row[key])
        out.append(course)
    return out


try:
    planned = scenario.with_overrides(
        {"plan": {"courses": _courses(edited), "budget": budget, "trainers": trainers}}, baseline=data.baseline()
    )
except ScenarioError as err:
    views.problems(err.problems, what=t("plan.this_plan"))
    st.stop()

if planned.plan != scenario.plan and not planned.title.endswith(ADJUSTED):  # the plan changed the scenario
    planned = planned.with_overrides({"title": planned.title[: 120 - len(ADJUSTED)] + ADJUSTED})
ours = data.result(planned, wise_type=ALL)
bare = (
    scenario.with_overrides({"plan": {"courses": []}}, baseline=data.baseline()) if scenario.plan.courses else scenario
)
without = data.result(bare, wise_type=ALL)  # the same scenario with no course at all
table = plan_table(ours.projection, data.baseline())

# --- what the plan trains and costs ---------------------------------------------------------------
if table.empty:
    st.info(t("plan.empty"), icon=":material/school:")
else:
    yearly = table.groupby("year")[["learners", "learner_hours", "cost", "trainers"]].sum()
    cols = st.columns(4)
    cols[0].metric(t("plan.m.learners"), t.num(yearly["learners"].mean()), border=True, help=t("plan.m.learners_help"))
    cols[1].metric(
        t("plan.m.cost"),
        t.millions(table["cost"].sum()),
        border=True,
        help=t("plan.m.cost_help", first=int(yearly.index.min()), last=int(yearly.index.max())),
    )
    cols[2].metric(t("plan.m.trainers"), t.num(yearly["trainers"].max()), border=True, help=t("plan.m.trainers_help"))
    cols[3].metric(
        t("plan.m.delivered"),
        t.pct(table["learners"].sum() / table["planned_learners"].sum()),
        border=True,
        help=t("plan.m.delivered_help"),
    )
    cut = table[table["delivered_share"] < 0.999]
    if len(cut):
        st.warning(
            t("plan.limited", years=", ".join(str(y) for y in sorted(cut["year"].unique()))), icon=":material/block:"
        )
    views.chart(
        charts.plan_cost_figure(table, modules=titles, source=source_line(b, t), t=t), name="plan_cost", key="plan_cost"
    )
    cols = st.columns(2)
    with cols[0]:  # the scenario with this plan: in the pack (chart, table, sheet, slide) and as a file
        files.pack_button(planned, s.reference, t)
    with cols[1]:
        files.yaml_button(planned, t, key="dl_plan_yaml")

    trained = pd.Series(False, index=b.profile_ids)
    for course in planned.plan.courses:
        trained |= targets(b, course.profiles)
    clusters = [
        c
        for c, x in zip(
            CLUSTERS,
            cat.content[[cat.module_ids.index(c.module) for c in planned.plan.courses]].sum(axis=0),
            strict=True,
        )
        if x > 0
    ]
    mask = trained.to_numpy()
    gaps = pd.DataFrame(cluster_gaps(ours.projection, b, mask)[0], index=ours.projection.years, columns=list(CLUSTERS))
    base = pd.DataFrame(
        cluster_gaps(without.projection, b, mask)[0], index=ours.projection.years, columns=list(CLUSTERS)
    )
    views.chart(
        charts.plan_gap_figure(
            gaps[clusters],
            base[clusters],
            reference_name=t("plan.without"),
            title=t("plan.gap_chart", who=", ".join(dict.fromkeys(who_name(c.profiles) for c in planned.plan.courses))),
            t=t,
        ),
        name="plan_gaps",
        key="plan_gaps",
    )
    shown = table.assign(module=table["module"].map(titles))
    st.dataframe(
        shown.rename(columns={c: t(f"plan.table.{c}") for c in shown.columns}),
        hide_index=True,
        column_config={
            t("plan.table.delivered_share"): st.column_config.NumberColumn(format="percent"),
            t("plan.table.cost"): st.column_config.NumberColumn(format="euro"),
            **{
                t(f"plan.table.{c}"): st.column_config.NumberColumn(format="localized")
                for c in ("planned_learners", "learners", "learner_hours", "trainer_hours")
            },
            t("plan.table.trainers"): st.column_config.NumberColumn(format="%.1f"),
            t("plan.table.year"): st.column_config.NumberColumn(format="%d"),
        },
    )

# --- goals ----------------------------------------------------------------------------------------
st.subheader(t("plan.goal_title"))
st.caption(t("plan.goal_intro"))
# outside the form: the kind of goal decides which fields apply and the threshold's unit and start value
kind = (
    st.segmented_control(
        t("plan.goal_kind"),
        [GAP, TRANSITIONS],
        default=GAP,
        format_func=lambda k: t(f"plan.goal_kinds.{k}"),
        key="goal_kind",
    )
    or GAP
)
views.pooled_notice(planned, t)
with st.form("goal"):
    cols = st.columns(3)
    gap_only = kind != GAP
    cluster = cols[0].selectbox(
        t("plan.goal_cluster"), CLUSTERS, format_func=t.cluster, key="goal_cluster", disabled=gap_only
    )
    profiles = cols[1].selectbox(
        t("plan.goal_who"),
        who,
        format_func=who_name,
        index=who.index("sup_job_coach"),
        key="goal_who",
        disabled=gap_only,
    )
    year = cols[2].number_input(
        t("plan.goal_year"), min_value=first, max_value=last, value=min(last, first + 7), step=1, key="goal_year"
    )
    cols = st.columns(2)
    if kind == GAP:
        threshold = cols[0].number_input(
            f"{t('plan.goal_threshold')} ({t('unit.levels')})",
            min_value=0.0,
            value=0.5,
            step=0.1,
            format="%.2f",
            help=t("plan.goal_threshold_help"),
            key="goal_threshold_gap",
        )
    else:  # start from a tenth more than the plan above gives in the goal's year, to two figures
        moves = ours.projection["transitions_open_market"][0].sum(axis=1)
        aim = max(1.0, float(moves[list(ours.projection.years).index(int(year))]) * 1.1)
        scale = 10.0 ** (math.floor(math.log10(aim)) - 1)
        threshold = cols[0].number_input(
            f"{t('plan.goal_threshold')} ({t('unit.persons_per_year')})",
            min_value=0.0,
            value=max(1.0, math.ceil(aim / scale) * scale),
            step=max(1.0, scale),
            format="%.0f",
            help=t("plan.goal_threshold_help"),
            key="goal_threshold_moves",
        )
    probability = cols[1].slider(t("plan.goal_probability"), 50, 99, 80, step=1, format="%d%%", key="goal_probability")
    go = st.form_submit_button(t("plan.seek"), icon=":material/target:", type="primary")
context = (s.scenario_id, code, scenario.key())
if go:
    goal = Goal(kind, int(year), float(threshold), probability / 100, cluster, profiles)
    bar = st.progress(0.0, text=t("plan.seeking"))
    try:
        answer = seek(
            goal,
            *analysed(planned, data.baseline(), code),
            progress=lambda x: bar.progress(x, text=t("plan.seeking")),
        )
    except ValueError as err:
        st.error(str(err))
    else:
        st.session_state["goal_answer"] = (context, answer)
        st.session_state["goal_adopted"] = False
    bar.empty()
found = st.session_state.get("goal_answer")
# an answer belongs to the scenario and country it was sought for: another one does not show it
answer = found[1] if found is not None and found[0] == context else None
# the answer's courses once they are in the plan above: not to be added a second time
adopted = st.session_state.get("goal_adopted", False)
if answer is not None:
    g = answer.goal
    unit = t("unit.levels") if g.kind == GAP else t("unit.persons_per_year")
    values = {
        "level": t.num(answer.level, 2 if g.kind == GAP else 0),
        "without": t.num(answer.level_without, 2 if g.kind == GAP else 0),
        "threshold": t.num(g.threshold, 2 if g.kind == GAP else 0),
        "unit": unit,
        "share": t.pct(g.probability),
        "fresh": t.pct(answer.share_met_fresh),
        "cost": t.millions(answer.cost),
        "year": g.year,
    }
    if answer.no_module:
        st.error(t("plan.no_module", cluster=t.cluster(g.cluster), who=who_name(g.trained)), icon=":material/error:")
    elif answer.met_without_plan:
        st.success(t("plan.goal_met_already", **values), icon=":material/check_circle:")
    elif answer.reachable:
        st.success(t("plan.goal_met", **values), icon=":material/check_circle:")
    else:
        st.error(
            t("plan.goal_short", shortfall=t.num(answer.shortfall, 2 if g.kind == GAP else 0), **values),
            icon=":material/error:",
        )
    if answer.courses:
        st.dataframe(
            pd.DataFrame(
                {
                    t("plan.col.module"): [titles[c["module"]] for c in answer.courses],
                    t("plan.col.who"): [who_name(c["profiles"]) for c in answer.courses],
                    t("plan.col.share"): [c["share"] for c in answer.courses],
                    t("plan.col.start"): [c["start"] for c in answer.courses],
                    t("plan.col.end"): [c["end"] for c in answer.courses],
                }
            ),
            hide_index=True,
            column_config={t("plan.col.share"): st.column_config.NumberColumn(format="percent")},
        )
        if not adopted and st.button(t("plan.adopt"), icon=":material/playlist_add:"):
            st.session_state[ROWS] = pd.concat([edited, pd.DataFrame(answer.courses)], ignore_index=True)
            st.session_state["goal_adopted"] = True
            st.session_state.pop(f"plan_editor::{PLAN}", None)
            st.rerun()

# --- where the plan fails -------------------------------------------------------------------------
if answer is not None:
    st.subheader(t("plan.discovery"))
    st.caption(t("plan.discovery_intro", runs=t.num(DISCOVERY_RUNS)))
    extra = [] if adopted else answer.courses  # the plan above, with the answer's courses unless taken over
    key = ("discovery", code, planned.key(), repr(answer.goal), repr(extra))
    if st.button(t("plan.discover"), icon=":material/travel_explore:"):
        with st.spinner(t("plan.discovering", runs=t.num(DISCOVERY_RUNS))):
            inputs, failed = failures(
                answer.goal,
                *analysed(planned, data.baseline(), code),
                extra,
                runs=DISCOVERY_RUNS,
            )
            st.session_state["discovery"] = (key, discover(inputs, failed))
    found = st.session_state.get("discovery")
    if found is not None and found[0] == key:
        result = found[1]
        steps = list(range(len(result.trajectory)))
        pick = result.chosen
        if result.status == FOUND and steps:
            trajectory = result.trajectory
            pick = st.select_slider(
                t("plan.box"),
                steps,
                value=result.chosen,
                format_func=lambda i: t(
                    "plan.box_step",
                    coverage=t.pct(trajectory["coverage"][i]),
                    density=t.pct(trajectory["density"][i]),
                    n=int(trajectory["res_dim"][i]),
                ),
                help=t("plan.box_help"),
            )
        st.info(escape(describe(result, pick, t, profiles=profile_names)), icon=":material/travel_explore:")
        if result.status == FOUND:  # full width: the box chart's rows carry long assumption names
            views.chart(trajectory_figure(result, t=t), name="discovery_trajectory", key="discovery_trajectory")
            views.chart(
                box_figure(result, pick, t=t, profiles=profile_names), name="discovery_box", key="discovery_box"
            )

"""Story: a facilitator steps through a prepared sequence of future scenarios, one chart at a time."""

from __future__ import annotations

import streamlit as st

from bwise_foresight import InputError
from bwise_foresight.markup import escape
from bwise_foresight.story import list_stories, load_story
from bwise_foresight.ui import data, views
from bwise_foresight.ui.controls import notice, picker, state

STORY_DIR = data.ROOT / "stories"
s = state()
t = s.t
b = data.baseline()


@st.cache_resource(show_spinner=False, max_entries=16)
def _story(path: str, folder: tuple) -> object:
    del folder  # cache key only: any edit to stories/ or scenarios/ reloads
    try:
        return load_story(path, scenario_dir=data.SCENARIO_DIR, baseline=b, display=f"stories/{path.split('/')[-1]}")
    except InputError as exc:
        return exc.problems


paths = list_stories(STORY_DIR)
if not paths:
    st.info(t("story.none"))
    st.stop()
signature = data.folder_signature(STORY_DIR, data.SCENARIO_DIR)
loaded = {p: _story(str(p), signature) for p in paths}
chosen = picker(
    st.selectbox,
    t("story.pick"),
    paths,
    lambda p, tr: tr("sidebar.has_errors", id=p.stem) if isinstance(loaded[p], list) else loaded[p].title_in(tr.lang),
    key="story",
)
story = loaded[chosen]
if isinstance(story, list):
    views.problems(story, what=t("problems.story_file", name=escape(chosen.name)))
    st.stop()

n = len(story.steps)
if st.session_state.get("step", 1) > n:
    st.session_state["step"] = 1
if "step" not in st.session_state and "step" in st.query_params:
    # a step the link names that this story does not have: the last step past the end, else the first
    linked = st.query_params["step"]
    asked = int(linked) if linked.strip().isdecimal() else None
    if asked is None or not 1 <= asked <= n:
        shown = n if asked is not None and asked > n else 1
        del st.query_params["step"]
        st.session_state["step"] = shown
        notice(t("notice.step", value=escape(linked, limit=60), n=n, shown=shown))


def _move(delta: int) -> None:
    st.session_state["step"] = min(max(st.session_state.get("step", 1) + delta, 1), n)


nav = st.columns([1.6, 5, 1.6], vertical_alignment="center")  # room for "Precedente" and "Successivo"
nav[0].button(
    t("story.previous"),
    icon=":material/arrow_back:",
    on_click=_move,
    args=(-1,),
    key="prev",
    width="stretch",
    disabled=st.session_state.get("step", 1) <= 1,
)
with nav[1]:
    step_number = st.segmented_control(
        t("story.step"),
        list(range(1, n + 1)),
        default=1,
        key="step",
        bind="query-params",
        required=True,
        label_visibility="collapsed",
    )
nav[2].button(
    t("story.next"),
    icon=":material/arrow_forward:",
    on_click=_move,
    args=(1,),
    key="next",
    width="stretch",
    disabled=(step_number or 1) >= n,
)

index = (step_number or 1) - 1
step, scenario = story.steps[index], story.scenarios[index]
# the story's texts are shown as written, never as Markdown (issue 11 §2)
st.title(f"{index + 1}. {escape(step.title_in(t.lang))}", anchor=False)
st.caption(
    t(
        "story.where",
        story=escape(story.title_in(t.lang)),
        step=index + 1,
        n=n,
        scenario=escape(t.scenario_title(scenario)),
    )
)
if points := step.points_in(t.lang):
    st.markdown("\n".join(f"- {escape(point)}" for point in points))
ours = data.result(scenario)
ref = data.result(s.reference) if s.reference is not None else None
# one chart per row: side by side they are too narrow on a 1366-pixel laptop (legends touch the titles)
for kind in step.charts:
    views.standard_chart(kind, ours, ref, name=f"story_{index + 1}_{kind}", key=f"story_chart_{kind}")
views.metrics(ours.headline, ref.headline if ref else None)

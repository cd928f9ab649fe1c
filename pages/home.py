import streamlit as st

from lessons.catalog import PAGES, sections
from lessons.confusions import CONFUSIONS
from lessons.core import FEATURES, SAMPLES, TIMESTEPS
from ui import widgets

st.title("Shape Lab for LSTMs")
st.markdown(
    "An LSTM wants its data as a 3D array: **samples × timesteps × features**. Getting a sequence "
    "into that shape — and knowing what each kind of model needs — is where most people get stuck. "
    "Here you edit small sequences and watch the arrays change, train real Keras models on your "
    "computer's CPU, and see why a reshape fails and how to fix it."
)
st.markdown(
    "For **teachers** running a demo (every page keeps its set-up in the link: send it, and the "
    "whole class opens the same data and settings), **learners** working alone, and "
    "**practitioners** whose reshape just failed — they may want to start with the shape debugger."
)

st.subheader("Three axes, one colour each")
widgets.shape_badge((1, 10, 1))
for axis in (SAMPLES, TIMESTEPS, FEATURES):
    st.markdown(f"<b style='color:{axis.colour}'>{axis.name}</b> — {axis.meaning}.", unsafe_allow_html=True)

st.subheader("Lessons")
for section, pages in sections().items():
    if section == "Start":
        continue
    st.markdown(f"**{section}**")
    for page in pages:
        left, right = st.columns([2, 3])
        left.page_link(page.file, label=page.title, icon=page.icon)
        right.caption(page.summary)

st.subheader("Stuck? Where each common question is answered")
st.caption("The questions learners ask most, each linked to the place where you can try the answer out.")
pages_by_file = {page.file: page for page in PAGES}
with st.container(key="confusion_map"):
    for confusion in CONFUSIONS:
        page = pages_by_file[confusion.page]
        question, link = st.columns([3, 2], vertical_alignment="top")
        question.markdown(f"**{confusion.number}.** {confusion.question}")
        # A forecasting page's tabs are bound to the link as `fc_tabs_<page>` (ui/forecast.lesson_tabs),
        # so the link opens the right tab.
        opens_tab = confusion.tab is not None and page.section == "Forecasting"
        link.page_link(page.file, label=page.title, icon=page.icon,
                       query_params={f"fc_tabs_{page.url_path}": confusion.tab} if opens_tab else None)
        link.caption(f"→ {confusion.where}")  # the arrow also keeps "1. …" from turning into a list

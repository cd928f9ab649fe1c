"""Shape Lab for LSTMs: the entrypoint. Run with `python serve.py` (or `streamlit run app.py`)."""

import streamlit as st

from lessons import engine
from lessons.catalog import sections
from lessons.warm_up import warm_up_jobs
from ui import state

# The training processes (SHAPELAB_WORKERS of them, one per core by default; 0: train in this
# process): started once per server, they load TensorFlow and trace the lessons' default models in
# the background, so this process never imports TensorFlow and a first click finds its model ready.
# serve.py starts them before the web server; this call finds them running (or starts them with
# the first session under a plain `streamlit run app.py`).
engine.start_pool(warm_ups=warm_up_jobs)

st.set_page_config(page_title="Shape Lab for LSTMs", page_icon=":material/view_in_ar:", layout="wide")
# Long code and error lines wrap instead of running off the right edge ("…Fu"): a learner must
# be able to read a whole Keras message on a projector or a narrow window.
st.html("<style>[data-testid=stMainBlockContainer] pre, [data-testid=stMainBlockContainer] pre code "
        "{white-space: pre-wrap !important; overflow-wrap: anywhere;}</style>")

navigation = {
    section: [
        st.Page(page.file, title=page.title, icon=page.icon, url_path=page.url_path,
                default=page.file == "pages/home.py")
        for page in pages
    ]
    for section, pages in sections().items()
}
state.open_link()  # as the run begins: widgets bound to the URL drop values they refuse
st.navigation(navigation).run()
state.note_unused_link_values()  # pages that stop early note them first (state.stop)

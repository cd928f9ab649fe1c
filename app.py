"""Shape Lab for LSTMs: the entrypoint. Run with `streamlit run app.py`."""

import streamlit as st

from lessons.catalog import sections

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
st.navigation(navigation).run()

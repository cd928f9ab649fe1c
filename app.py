"""Shape Lab for LSTMs: the entrypoint. Run with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from lessons.catalog import sections

st.set_page_config(page_title="Shape Lab for LSTMs", page_icon=":material/view_in_ar:", layout="wide")

ROOT = Path(__file__).parent
navigation = {
    section: [
        st.Page(str(ROOT / page.file), title=page.title, icon=page.icon, url_path=page.url_path,
                default=page.file == "pages/home.py")
        for page in pages
        if (ROOT / page.file).exists()
    ]
    for section, pages in sections().items()
}
st.navigation({s: p for s, p in navigation.items() if p}).run()

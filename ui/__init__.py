"""Streamlit widgets shared by the pages. Logic lives in lessons/; this is only drawing."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def _use_app_navigation() -> None:
    """Make a direct link to a lesson go through app.py's `st.navigation`.

    Streamlit 1.67 treats a folder named `pages/` as an old-style multipage app until the
    entrypoint has called `st.navigation` once in the process. When a server's first visitor
    opens a shared link straight to a lesson, that lesson would run without app.py (no page
    config, a sidebar of file names). Switch the process over once and rerun through app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_use_app_navigation()

"""Page state: the last good value of every input, and inputs kept in the URL for sharing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from lessons.core import InputError

T = TypeVar("T")
MAX_QUERY_CHARS = 4_000  # longer inputs are not written to the link


def last_good(key: str, make: Callable[[], T], default: T, describe: Callable[[T], str]) -> T:
    """What `make()` gives, remembered as `key`'s last good value; while it raises InputError,
    the learner's message under the control and the last good value instead.

    `describe(value)` names the kept value for the message, e.g. "sequence (4 values)"; with no
    good value yet (a None default) the message is the error alone. Every
    input of the app goes through here, so bad input never loses the learner's last good data.
    """
    store = f"{key}__good"
    try:
        value = make()
    except InputError as error:
        kept = st.session_state.get(store, default)
        st.error(f"{error} Showing your last good {describe(kept)}." if kept is not None else str(error))
        return kept
    st.session_state[store] = value
    return value


def good_value(key: str, default: T) -> T:
    """The last good value `last_good` kept for `key` (the default before the first one)."""
    return st.session_state.get(f"{key}__good", default)


def keep_good(key: str, value: T) -> None:
    """Make `value` the last good value of `key`, e.g. after a button changed the data."""
    st.session_state[f"{key}__good"] = value


def query_value(name: str, default: T, parse: Callable[[str], T]) -> T:
    """The value from `?name=...`, parsed strictly; the default (with a note) when it is malformed.

    Read once per session and page: later reruns keep what the learner typed.
    """
    seen_key = f"_query_read_{name}"
    if seen_key in st.session_state:
        return st.session_state[seen_key]
    value = default
    raw = st.query_params.get(name)
    if raw is not None:
        try:
            value = parse(raw)
        except InputError as error:
            st.session_state["_query_bad_link"] = True
            st.info(f"The link's `{name}` value could not be used ({error}) — showing the defaults instead.")
    st.session_state[seen_key] = value
    return value


def set_query(name: str, text: str) -> None:
    """Write an input into the URL, unless it is too long to share as a link."""
    if len(text) <= MAX_QUERY_CHARS:
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]


def link_is_bad() -> bool:
    """True once any value of this session's link failed: its other values belong to it, so skip them."""
    return st.session_state.get("_query_bad_link", False)

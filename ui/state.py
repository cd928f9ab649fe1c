"""Page state: the last good value of every input, and inputs kept in the URL for sharing."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

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
    if seen_key not in st.session_state:
        value = None
        raw = st.query_params.get(name)
        if raw is not None:
            try:
                value = (parse(raw),)
            except InputError as error:
                st.session_state["_query_bad_link"] = True
                st.info(f"The link's `{name}` value could not be used ({error}) — showing the defaults instead.")
        st.session_state[seen_key] = value
    linked = st.session_state[seen_key]  # (value,) from the link, or None: the caller's default
    return default if linked is None else linked[0]


def set_query(name: str, text: str, default: str | None = None) -> None:
    """Write an input into the URL, unless it is the default or too long to share as a link."""
    if text != default and len(text) <= MAX_QUERY_CHARS:
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]


def link_is_bad() -> bool:
    """True once any value of this session's link failed: its other values belong to it, so skip them."""
    return st.session_state.get("_query_bad_link", False)


def open_link() -> None:
    """Remember the URL's query as this run begins, for `note_unused_link_values`."""
    st.session_state["_link_this_run"] = st.query_params.to_dict()


def note_unused_link_values() -> None:
    """A note for each value of this run's link that a widget bound to the URL refused (once a run).

    Widgets made with `bind="query-params"` drop a malformed or out-of-range value from the URL and
    show their default instead. (Values read through `query_value` carry their own note.) Called
    when the page has run, and by `stop` before a page stops early.
    """
    for name, raw in st.session_state.pop("_link_this_run", {}).items():
        if name not in st.session_state or f"_query_read_{name}" in st.session_state:
            continue
        if not _same_value(raw, st.session_state[name]):
            st.toast(f"The link's `{name}` value ({raw[:40]}) could not be used; showing the default instead.",
                     icon=":material/link_off:")


def stop() -> NoReturn:
    """`st.stop()`, with the link's notes first: nothing written after `st.stop()` reaches the page."""
    note_unused_link_values()
    st.stop()


def _same_value(raw: str, value: object) -> bool:
    """Whether the link's text stands for the value a widget holds (numbers compared as numbers)."""
    if isinstance(value, bool):
        return raw.lower() == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return float(raw) == float(value)
        except ValueError:
            return False
    return raw == str(value)

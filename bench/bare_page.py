"""The floor: a one-line Streamlit page, run beside the app's pages to show what Streamlit itself costs."""

import streamlit as st

st.text("bare")

"""The floor: the smallest Streamlit page that reacts to a slider by updating one line of text."""

import streamlit as st

value = st.slider("Value", 0, 100, 50, key="value")
st.write(f"The value is {value}")

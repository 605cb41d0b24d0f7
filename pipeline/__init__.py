"""Kronologi pipeline: news articles -> dated, attributed events (no Streamlit here)."""

"""What the dashboard shows, without Streamlit: views (filters, lanes, chart tables), plotly figures, exports."""

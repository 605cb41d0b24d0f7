"""Scores against annotation made by others: hand gold files, TimeML (TempEval-3), Timeline17 timelines."""

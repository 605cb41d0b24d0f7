"""Facts in one sentence: time expressions and dates, numbers, casualties, actors, places, event types, TIMEX3."""

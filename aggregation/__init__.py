"""Numbers side of the Impact survey: estimates, scores, result writers. Knows nothing of sources."""

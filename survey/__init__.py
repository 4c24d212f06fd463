"""Collection side of the Impact survey: instrument, sources, normalization, checks and quotas."""

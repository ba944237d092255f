"""Evaluation: metrics (B-cubed, ARI, P/R/F1) and dataset runners behind ``storyline eval``."""

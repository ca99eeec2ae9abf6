"""The extract stage: sentences, figures, quotes and event mentions from clean article text."""

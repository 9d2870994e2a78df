"""Reference dataset of the French "métiers ouverts" lists of 2008: from raw sources to published tables."""

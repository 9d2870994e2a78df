"""The ground floor: paths and limits, errors, the data dictionary, text rules, file hashing. Imports no other
layer."""

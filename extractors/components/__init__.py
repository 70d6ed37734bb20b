"""spaCy components of the guanxi pipeline, one factory per module."""

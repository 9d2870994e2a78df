"""Stage 2, extracted -> normalized: the printed rows made the published tables (codes resolved, labels matched,
regions named), and the sources compared."""

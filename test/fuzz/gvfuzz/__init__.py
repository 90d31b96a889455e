"""govindex fuzz harness: deterministic-by-seed mutation of govindex values and
hostile calls of every SQL-visible govindex function (see test/fuzz/README.md)."""

"""Benchmarks run by ``motcua bench NAME``; results go to docs/benchmarks.md."""

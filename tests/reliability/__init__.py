"""Reliability and security suite: faults, deadlines, load, cancellation, leaks, secrets."""

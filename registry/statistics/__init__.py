"""Statistics for regulators (resource allocation) and supervision of the rollout for the
municipal commission: SQL aggregates, small cells suppressed, every read audited."""

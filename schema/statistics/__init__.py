"""GraphQL surface of the statistics: resource allocation and rollout supervision."""

"""What a running worker tells its operators: Prometheus metrics (and, later, health and logs)."""

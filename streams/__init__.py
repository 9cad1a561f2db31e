"""fazhi-watch stream processing: the Faust app, the pure analysis, sinks, alerts and CLI."""

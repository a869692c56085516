"""The build: the pipeline, its cache and state, worker processes, progress, staged publishing."""

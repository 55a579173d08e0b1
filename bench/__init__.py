"""`make bench`: quality and speed, measured in one run, reported as a table and JSON."""

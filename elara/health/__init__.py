"""Health checks for people and load balancers."""

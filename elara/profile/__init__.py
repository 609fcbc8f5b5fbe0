"""Each user's own profile, password and sessions."""

"""A buyer's personal data (LGPD): what is held about them, its export and erasure, and the
retention periods that erase it on their own."""

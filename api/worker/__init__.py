"""Background work: conversation turns from the inbox, messages out through the outbox."""

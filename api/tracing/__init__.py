"""Optional Langfuse tracing of conversation turns (LANGFUSE_* settings)."""

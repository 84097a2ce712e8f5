"""Evolution API (v2): a WhatsApp number connected through a self-hosted Evolution server."""

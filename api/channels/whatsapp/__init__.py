"""The WhatsApp Cloud API edge: webhook signatures and parsing, reply rendering, sending."""

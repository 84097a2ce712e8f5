"""Reply wording per locale: one module each, one function per template id."""

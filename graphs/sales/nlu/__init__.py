"""Understanding a buyer's message: intent, entities, sentiment (shared/spec/nlu.md)."""

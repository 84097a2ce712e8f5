"""Understanding a buyer's message: intent, entities, sentiment (docs/spec/nlu.md)."""

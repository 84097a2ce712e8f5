"""The store's knowledge: policies, FAQ and "about us", and facts computed from its configuration.

- `files`: the folder format (Markdown with front matter, `docs/spec/knowledge.md`), parsed and
  validated with line-numbered errors.
- `importer`: a folder into `knowledge_passages`, idempotent and all-or-nothing.
- `search`: hybrid retrieval (full text + vectors, reciprocal rank fusion, similarity floor).
- `answer`: an extractive WhatsApp answer from the best passage, or nothing.
- `facts`: shipping, payment, instalments, pickup and hours computed from the store file.
- `phrasing`: facts and answers as pt-BR or English sentences.
- `ask`: the whole question -> reply path the graph and the CLI call.
- `unanswered`: questions nothing answered, kept (scrubbed) for the owner.
"""

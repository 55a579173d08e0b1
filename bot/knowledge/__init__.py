"""The knowledge base: the guide as data (`knowledge/`), loaded into SQL and queried by `KnowledgeBase`."""

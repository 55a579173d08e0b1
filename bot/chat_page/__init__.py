"""The chat page served at :8080 (a placeholder client over Rasa's REST channel)."""

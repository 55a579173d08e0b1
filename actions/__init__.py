"""Custom actions of Cap Élus, served by the rasa_sdk action server (`python -m rasa_sdk --actions actions`)."""

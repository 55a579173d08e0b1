"""The project's own Rasa channels (Mattermost, Slack) and the choice of channels to turn on."""

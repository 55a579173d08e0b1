"""The project's own Rasa channels: checked REST and socket.io, Mattermost, Slack.

Which of them are on is decided elsewhere, from the environment: `bot.active_config`
keeps the sections of credentials.yml whose variables are all set.
"""

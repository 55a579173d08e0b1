"""Custom actions of Cap Élus, served by the rasa_sdk action server.

Each module holds one concern: situations (answer first), refinement (territory,
level, role, blocker), questions (the guide's content), pagination ("voir plus"),
fallback ("vouliez-vous dire…"). Texts come from the domain's responses.
"""

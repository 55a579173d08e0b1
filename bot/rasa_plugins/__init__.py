"""Classes Rasa loads by name from endpoints.yml: the conversations' store and the Redis lock.

They subclass Rasa's own stores (public extension points); where they override a private
method, it is named in their TARGETS and checked like the fixes' (bot/rasa_fixes/compat.py).
"""

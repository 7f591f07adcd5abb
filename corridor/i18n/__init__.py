"""Translation: record messages, catalogues with per-string review state, pairing, formatting.

Chinese is the source language. Every translatable string — a record field typed `Text` or a
template string — is one gettext message; its translations live in
`translations/<lang>/LC_MESSAGES/messages.po`, read with Babel and compiled in memory.
"""

"""Model fields of our own. Migrations import them by this path: keep it stable."""

from encrypted_fields.fields import EncryptedCharField


class BsnField(EncryptedCharField):
    """The BSN, Fernet-encrypted at rest (django-fernet-encrypted-fields; keys: SECRET_KEY with
    each SALT_KEY, docs/identity.md). Reads back as "" rather than None: the library stores an
    empty value as NULL, the rest of our code compares with "". Encryption is not deterministic,
    so nothing can filter on this column: search on `Case.bsn_digest` (cases.identity)."""

    def from_db_value(self, value, expression, connection):
        return super().from_db_value(value, expression, connection) or ""

"""Write the DigiD SAML configuration from the environment (issue 17, docs/identity.md).

django-digid-eherkenning keeps its configuration in the database (a singleton edited in the
admin) with the key pair as a `simple_certmanager` certificate. Production is configured by
environment variables only, so the Procfile's release step runs this command: it reads the
DIGID_SAML_* variables, stores the key pair, fetches the identity provider's metadata and saves
the configuration. Run again after a variable or the certificate changes; it is idempotent.
"""

from __future__ import annotations

from pathlib import Path

from digid_eherkenning.choices import (
    DeprecatedDigestAlgorithms,
    DeprecatedSignatureAlgorithms,
    DigiDAssuranceLevels,
)
from digid_eherkenning.models import ConfigCertificate, DigidConfiguration
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_certmanager.constants import CertificateTypes
from simple_certmanager.models import Certificate

REQUIRED = (
    "DIGID_SAML_ENTITY_ID",
    "DIGID_SAML_METADATA_URL",
    "DIGID_SAML_KEY_FILE",
    "DIGID_SAML_CERT_FILE",
)
CERTIFICATE_LABEL = "DigiD (DIGID_SAML_CERT_FILE)"


def _read_environment() -> dict[str, str]:
    env = settings.DIGID_SAML
    missing = [name for name in REQUIRED if not env.get(name)]
    if missing:
        raise CommandError("DigiD SAML needs these environment variables: " + ", ".join(missing))
    for name in ("DIGID_SAML_KEY_FILE", "DIGID_SAML_CERT_FILE"):
        if not Path(env[name]).is_file():
            raise CommandError(f"{name}: no file at {env[name]}")
    return env


def _store_key_pair(env: dict[str, str]) -> Certificate:
    """The key pair as the library's certificate, replaced when the files changed."""
    key, cert = Path(env["DIGID_SAML_KEY_FILE"]), Path(env["DIGID_SAML_CERT_FILE"])
    existing = Certificate.objects.filter(label=CERTIFICATE_LABEL).first()
    if existing is not None:
        with existing.public_certificate.open("rb") as stored:
            same = stored.read() == cert.read_bytes()
        if same:
            return existing
    certificate = Certificate(label=CERTIFICATE_LABEL, type=CertificateTypes.key_pair)
    with key.open("rb") as key_file, cert.open("rb") as cert_file:
        certificate.private_key.save(key.name, File(key_file), save=False)
        certificate.public_certificate.save(cert.name, File(cert_file), save=False)
    certificate.save()
    if not certificate.is_valid_key_pair():
        raise CommandError("DIGID_SAML_KEY_FILE and DIGID_SAML_CERT_FILE are not one key pair")
    if existing is not None:
        ConfigCertificate.objects.filter(certificate=existing).delete()
    return certificate


class Command(BaseCommand):
    help = "Write the DigiD SAML configuration from the DIGID_SAML_* environment variables."

    def handle(self, *args, **options):
        env = _read_environment()
        with transaction.atomic():
            certificate = _store_key_pair(env)
            config = DigidConfiguration.get_solo()
            ConfigCertificate.objects.get_or_create(
                config_type=DigidConfiguration._as_config_type(), certificate=certificate
            )
            config.entity_id = env["DIGID_SAML_ENTITY_ID"]
            config.base_url = settings.SITE_URL.rstrip("/")
            config.service_name = env["DIGID_SAML_SERVICE_NAME"]
            config.service_description = env["DIGID_SAML_SERVICE_NAME"]
            config.metadata_file_source = env["DIGID_SAML_METADATA_URL"]
            # Our assertion consumer resolves the artifact; single logout is not offered.
            config.slo = False
            config.want_assertions_signed = True
            config.signature_algorithm = DeprecatedSignatureAlgorithms.rsa_sha256
            config.digest_algorithm = DeprecatedDigestAlgorithms.sha256
            try:
                config.save(force_metadata_update=True)
            except ValidationError as exc:
                raise CommandError(f"DIGID_SAML_METADATA_URL: {'; '.join(exc.messages)}") from exc
        level = DigiDAssuranceLevels(settings.DIGID_LOA).label
        self.stdout.write(
            f"DigiD configured: entity {config.entity_id}, identity provider "
            f"{config.idp_service_entity_id}, level {level}, certificate valid until "
            f"{certificate.expiry_date:%Y-%m-%d}"
        )

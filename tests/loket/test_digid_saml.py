"""The real DigiD (SAML) configured from the environment (issue 17): `manage.py digid_configure`
stores the key pair and the identity provider's metadata, after which the sign-in page posts a
signed AuthnRequest to DigiD. DigiD itself is stood in for by its metadata served from this
machine; what happens at DigiD (and the artifact resolution) is not exercised."""

from __future__ import annotations

import base64
import datetime
import http.server
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from digid_eherkenning.models import DigidConfiguration
from django.core.management import CommandError, call_command
from simple_certmanager.models import Certificate

pytestmark = pytest.mark.django_db

SSO_URL = "https://was-preprod1.digid.nl/saml/idp/request_authentication"
IDP_ENTITY = "https://was-preprod1.digid.nl/saml/idp/metadata"


def _key_pair(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "loket.voorbeeld.nl")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / "sp.key", tmp_path / "sp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file, cert


def _metadata(cert) -> bytes:
    der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{der}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
        Location="https://was-preprod1.digid.nl/saml/idp/resolve_artifact" index="0"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{SSO_URL}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>""".encode()


@pytest.fixture
def metadata_server():
    """Serves whatever bytes are put in `served["body"]` on 127.0.0.1."""
    served = {"body": b""}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(served["body"])

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served["url"] = f"http://127.0.0.1:{server.server_port}/metadata"
    yield served
    server.shutdown()


@pytest.fixture
def saml_env(settings, tmp_path, metadata_server):
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "private")
    settings.SITE_URL = "https://loket.voorbeeld.nl"
    key_file, cert_file, cert = _key_pair(tmp_path)
    metadata_server["body"] = _metadata(cert)
    settings.DIGID_SAML = {
        "DIGID_SAML_ENTITY_ID": "https://loket.voorbeeld.nl/digid",
        "DIGID_SAML_METADATA_URL": metadata_server["url"],
        "DIGID_SAML_KEY_FILE": str(key_file),
        "DIGID_SAML_CERT_FILE": str(cert_file),
        "DIGID_SAML_SERVICE_NAME": "Loket Digitale Zaken Voorbeeldstad",
    }
    return settings


def test_digid_configure_writes_the_configuration_from_the_environment(saml_env, capsys):
    call_command("digid_configure")
    config = DigidConfiguration.get_solo()
    assert config.entity_id == "https://loket.voorbeeld.nl/digid"
    assert config.base_url == "https://loket.voorbeeld.nl"
    assert config.idp_service_entity_id == IDP_ENTITY
    assert config.idp_metadata_file
    assert "DigiD configured" in capsys.readouterr().out
    # Idempotent: a second run keeps the one certificate.
    call_command("digid_configure")
    assert Certificate.objects.count() == 1


def test_our_metadata_is_served_for_logius(saml_env, client):
    call_command("digid_configure")
    response = client.get("/digid/metadata/")
    assert response.status_code == 200
    xml = b"".join(response.streaming_content) if response.streaming else response.content
    assert b'entityID="https://loket.voorbeeld.nl/digid"' in xml
    assert b"https://loket.voorbeeld.nl/digid/acs/" in xml


def test_sign_in_posts_an_authn_request_to_digid(saml_env, client):
    call_command("digid_configure")
    saml_env.DIGID_MODE = "saml"
    response = client.get("/digid/inloggen/?next=/mijn-zaken/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{SSO_URL}"' in page
    request_xml = base64.b64decode(response.context["form"].initial["SAMLRequest"]).decode()
    assert "AuthnRequest" in request_xml
    assert "https://loket.voorbeeld.nl/digid/acs/" in request_xml
    # The level asked for comes from the settings (DIGID_LOA), midden by default.
    assert "MobileTwoFactorContract" in request_xml


def test_digid_configure_names_what_is_missing(settings):
    settings.DIGID_SAML = {"DIGID_SAML_SERVICE_NAME": "x"}
    with pytest.raises(CommandError) as failure:
        call_command("digid_configure")
    for name in ("DIGID_SAML_ENTITY_ID", "DIGID_SAML_METADATA_URL", "DIGID_SAML_KEY_FILE"):
        assert name in str(failure.value)

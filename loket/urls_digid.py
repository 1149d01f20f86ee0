"""DigiD sign-in for citizens, under the namespace `digid` that django-digid-eherkenning's SAML
client reverses (`digid:acs` is the assertion consumer service in the SAML metadata)."""

from digid_eherkenning.models import DigidConfiguration
from digid_eherkenning.saml2.digid import generate_digid_metadata
from digid_eherkenning.views.metadata import MetadataView
from django.urls import path

from loket.views import digid

app_name = "digid"

urlpatterns = [
    path("inloggen/", digid.sign_in, name="login"),
    path("acs/", digid.assertion_consumer, name="acs"),
    path("uitloggen/", digid.sign_out, name="logout"),
    # Our service provider metadata, for Logius (public by nature: entity ID, ACS, certificate).
    path(
        "metadata/",
        MetadataView.as_view(
            config_model=DigidConfiguration,
            metadata_generator=generate_digid_metadata,
            filename="digid-metadata.xml",
        ),
        name="metadata",
    ),
]

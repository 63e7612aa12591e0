"""Builds the Cloud Asset API client for a GCP scope: credentials, endpoint and transport.

Credentials come from ``credentials_file`` (a service-account key) or Application Default
Credentials; both are read-only scoped.  Tests and emulators pass their own credentials object
(``AnonymousCredentials``) and point ``api_endpoint`` at a local stand-in.
"""

from __future__ import annotations

from typing import Any

from agent.core.errors import CollectorError
from agent.settings.gcp import GcpProvider

READ_ONLY_SCOPES = ("https://www.googleapis.com/auth/cloud-platform.read-only",)

# google.cloud.asset_v1.AssetServiceClient; the SDK is imported on first use only, so the type
# stays open here (the collector calls its ``list_assets``).
AssetClient = Any


def credentials_for(scope: GcpProvider) -> Any:
    """The google-auth credentials for ``scope``."""
    import google.auth
    from google.auth.credentials import AnonymousCredentials
    from google.auth.exceptions import DefaultCredentialsError
    from google.oauth2 import service_account

    if scope.anonymous:
        return AnonymousCredentials()
    if scope.credentials_file:
        try:
            return service_account.Credentials.from_service_account_file(scope.credentials_file,
                                                                         scopes=READ_ONLY_SCOPES)
        except (OSError, ValueError) as exc:
            # ValueError messages from google-auth name the missing field, never the key material
            raise CollectorError(f"gcp: cannot read service-account key file {scope.credentials_file}: {exc}",
                                 hint="point providers.gcp.credentials_file at a JSON key of a service account "
                                      "with Cloud Asset Viewer and Security Reviewer") from None
    try:
        creds, _ = google.auth.default(scopes=READ_ONLY_SCOPES)
    except DefaultCredentialsError as exc:
        raise CollectorError(f"gcp: no Application Default Credentials: {exc}",
                             hint="run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, "
                                  "or set providers.gcp.credentials_file") from None
    return creds


def asset_client(scope: GcpProvider, credentials: Any = None) -> AssetClient:
    """An ``asset_v1.AssetServiceClient`` for ``scope``; ``credentials`` overrides the scope's."""
    from google.api_core.client_options import ClientOptions
    from google.cloud import asset_v1

    options = ClientOptions(api_endpoint=scope.api_endpoint) if scope.api_endpoint else None
    return asset_v1.AssetServiceClient(credentials=credentials or credentials_for(scope),
                                       transport=scope.transport, client_options=options)

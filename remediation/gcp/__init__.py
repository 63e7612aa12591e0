"""GCP remediators (google-cloud-storage)."""

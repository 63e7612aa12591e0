"""Notifiers: Slack, email, webhook and Teams; routing, dedup on transitions, digests, outbox."""

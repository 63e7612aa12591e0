"""Threat detection on monitoring logs, with Art. 13 pseudonymisation of communication data.

    config.py     the ``threats:`` config section (pseudonym key source, investigators)
    pseudonym.py  keyed pseudonyms (HMAC-SHA256) for IP addresses, identities and user agents
    tables.py     store tables: raw values behind pseudonyms, reveal audit, per-finding counts;
                  the key kept per tenant when none is configured; reveal with audit
    detect.py     the ``threat-rules`` intake detector: rules (checks/threats) → threat findings

The rules themselves are checks of kind "threat" in ``checks/threats``.
"""

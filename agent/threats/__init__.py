"""Threat detection on monitoring logs, with Art. 13 pseudonymisation of communication data.

    pseudonym.py  keyed pseudonyms (HMAC-SHA256) for IP addresses, identities and user agents
    detect.py     the ``threat-rules`` intake detector: rules (checks/threats) → threat findings,
                  for a ThreatContext (store, settings) its caller passes in
    rules.py      the rule index by (log source, event name / resource / operation / method),
                  the built-in pack plus the tenant's ``threats.rule_dirs``
    windows.py    sliding windows of Sigma correlation rules (store-kept, or in memory)
    baselines.py  first-seen baselines per principal (store-kept, or in memory)
    hunt.py       ``ucs threats scan``: the rules over log files, no daemon needed; SARIF output

The ``threats:`` config section is :mod:`agent.settings.threats`; the tables (raw values behind
pseudonyms, reveal audit, occurrence counts, the generated key) and their operations are the
store's (:mod:`agent.store.threats`).  The rules themselves are checks of kind "threat" in
``checks/threats``.
"""

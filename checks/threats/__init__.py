"""Threat rules: checks of ``kind="threat"`` over one monitoring-log event.

They use the one check vocabulary (:func:`checks.check`): an event is presented to a rule as a
:class:`~agent.core.model.Resource` of type ``event.aws.cloudtrail``, ``event.k8s.audit``,
``event.azure.activity``, ``event.azure.entra`` or ``event.gcp.audit`` whose ``data`` is the
producer's own record (see :func:`agent.threats.detect.event_resource`).  Two kinds share this
registry: Python rules (``cloudtrail.py``, ``k8s_audit.py``, the first-seen baselines in
``cloudtrail_baseline.py``) and the Sigma pack (``rules/<source>/*.yml``, compiled by ``_sigma.py``
and registered by ``<source>_rules.py`` through ``_pack.py``).  FAIL
means "the rule matched"; PASS means "this event is not that threat".  A rule that needs a window
of events (a burst) declares ``needs_inventory=True`` and receives the batch as the inventory, so
it stays a pure function.  ``agent.engine.scan`` skips kind "threat"; the ``threat-rules`` intake
detector (:mod:`agent.threats.detect`) runs them on logs.

Rule texts must not carry communication data (IP addresses, identities, user agents): the
detector adds those as keyed pseudonyms (Art. 13).
"""

"""Kubernetes checks, a module per service of the check id (``k8s.<service>.*``).

- ``pod_security`` (Pod Security Standards) and ``pod_hygiene`` (images, resources, probes,
  tokens, secrets in env): ``k8s.pod.*``, on pods and every controller's pod template;
- ``namespace``, ``service``, ``ingress``, ``node``, ``cluster``, ``service_account``,
  ``config_map``, ``secret``: one module each;
- ``rbac``: ``k8s.rbac.*``, over roles, bindings and each subject's effective permissions
  (resolved by :mod:`agent.policy.k8s_rbac`).

``podspec`` (where a pod spec is, effective security contexts, :func:`podspec.workload_check`)
and ``versions`` (the version support table) are helpers; they define no check.
"""

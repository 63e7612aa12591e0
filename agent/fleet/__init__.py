"""Fleet mode: a scan's collection sharded over Celery workers (Redis broker), recorded once.

    shards.py    which shards a scan has (pure): one per AWS account — organisation members
                 included —, Kubernetes cluster, Azure provider and GCP provider
    app.py       the Celery application, configured the same way on both sides
    tasks.py     the worker side: ``ucs.run_shard`` collects one shard with the worker's own
                 copy of the tenant config and returns its resources and coverage
    dispatch.py  the publishing side: at most ``engine.max_in_flight`` shards of a tenant queued
                 at once, retries, deadlines; a shard that never reports is a coverage gap
    worker.py    ``ucs worker``: a Celery worker over the tenants' queues, metrics and health
    status.py    ``ucs fleet status``: workers, queues, shards in flight

Messages carry the tenant id and the shard's description, never credentials: a worker reads the
tenant config (and through it the credentials) from its own config directory.  Evaluation and
recording stay on the publishing side, over the merged inventory, by the code the embedded mode
runs — which is what makes a distributed scan's findings those of the embedded scan.
"""

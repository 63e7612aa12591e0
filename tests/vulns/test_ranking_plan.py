"""Join, risk ranking and the improvement plan on a stored fixture estate."""

from __future__ import annotations

from agent.posture.plan import plan_for_tenant
from agent.store import Store
from agent.vulns import store as vstore
from agent.vulns.parsers import load_file
from agent.vulns.view import ranked
from tests.vulns.estate import DATA, seed


def test_exposed_privileged_fixable_cve_ranks_first(store: Store, tenant_id: str) -> None:
    seed(store, tenant_id)
    rows, _ = ranked(store, tenant_id)
    # the two network-exploitable CVEs of the internet-facing, privileged web image lead
    assert [(r.vuln.cve, r.vuln.image) for r in rows[:2]] == [
        ("CVE-2023-45853", "registry.example.com/shop/web:1.4.2"),  # critical, no fix yet
        ("CVE-2024-6387", "registry.example.com/shop/web:1.4.2")]   # high, fixable
    first = rows[1]
    assert first.reach.exposed and first.reach.privileged
    assert [w.label for w in first.reach.workloads] == ["deployment/web"]
    idle = next(r for r in rows if r.vuln.cve == "CVE-2099-0001")
    assert idle.reach.workloads == [] and idle.risk < first.risk
    # the same CVE in an internal, unprivileged workload ranks below the exposed one
    internal = next(r for r in rows if r.vuln.cve == "CVE-2024-6387" and "batch" in (r.vuln.image or ""))
    assert not internal.reach.exposed and [w.label for w in internal.reach.workloads] == ["deployment/batch"]
    assert internal.risk < first.risk
    # the score is explained next to the number
    from agent.posture.risk import score

    r = score(first.vuln.severity, exposed=True, privileged=True, criticality="high", fix_available=True,
              network_no_auth=True)
    assert r.score == first.risk
    assert "インターネット" in r.explain("ja") and "internet-reachable" in r.explain("en")


def test_plan_groups_account_wide_fix_and_image_rebuild(store: Store, tenant_id: str) -> None:
    seed(store, tenant_id, n_buckets=40)
    actions = {a.id: a for a in plan_for_tenant(store, tenant_id)}
    s3 = actions["aws.s3.account_public_access@111111111111"]
    assert s3.kind == "account_setting" and s3.fixes == 41 and s3.effort == "low"
    web = actions["image:registry.example.com/shop/web"]
    assert web.kind == "image_rebuild" and web.fixes == 3  # the CVE without a fix is not counted
    assert "openssh-server 1:9.2p1-2+deb12u2→1:9.2p1-2+deb12u3" in web.how[0]
    ordered = plan_for_tenant(store, tenant_id, "ja")
    assert ordered[0].priority >= ordered[-1].priority
    assert any("再ビルド" in a.what for a in ordered)


def test_reimport_drops_fixed_cves(store: Store, tenant_id: str) -> None:
    vulns = load_file(DATA / "trivy-image.json")
    assert vstore.save(store, tenant_id, vulns)["added"] == 4
    stats = vstore.save(store, tenant_id, [v for v in vulns if v.cve != "CVE-2024-6387"])
    assert stats == {"added": 0, "kept": 3, "removed": 1}
    assert "CVE-2024-6387" not in {v.cve for v in vstore.load(store, tenant_id)}

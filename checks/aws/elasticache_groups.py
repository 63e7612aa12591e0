"""ElastiCache checks beyond encryption and authentication: minor version upgrades and Multi-AZ
of replication groups, and encryption in transit of clusters outside any replication group."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.elasticache_groups", {
    "in_group": ("member of replication group {group} (checked there)", "レプリケーショングループ {group} のメンバーです (そちらで確認)"),
    "clear": ("{engine} cluster does not encrypt traffic in transit", "{engine} クラスターが転送中の通信を暗号化していません"),
})

setting_check(Setting(
    "aws.elasticache.replication_group_auto_minor_version_upgrade", ("aws.elasticache.replication_group",),
    "AutoMinorVersionUpgrade", lambda v, r: v is True,
    ("ElastiCache replication group takes minor version upgrades", "ElastiCache レプリケーショングループがマイナーバージョンアップグレードを受け入れる"),
    ("Minor engine versions carry security fixes; without automatic upgrades the group keeps running the vulnerable one.",
     "エンジンのマイナーバージョンにはセキュリティ修正が含まれ、自動アップグレードがないとグループは脆弱なままになります。"),
    ("modify-replication-group --auto-minor-version-upgrade --apply-immediately",
     "modify-replication-group --auto-minor-version-upgrade --apply-immediately を実行してください。"),
    Severity.LOW, ("ElastiCache.2",)), __name__)

setting_check(Setting(
    "aws.elasticache.replication_group_multi_az", ("aws.elasticache.replication_group",), "MultiAZ",
    lambda v, r: str(v) == "enabled",
    ("ElastiCache replication group is Multi-AZ", "ElastiCache レプリケーショングループがマルチ AZ 構成"),
    ("Without Multi-AZ, losing the primary's Availability Zone takes the cache down until a replica is promoted by hand.",
     "マルチ AZ がないと、プライマリのアベイラビリティーゾーンを失ったとき、手動でレプリカを昇格するまでキャッシュが停止します。"),
    ("Add a replica in another AZ and run modify-replication-group --multi-az-enabled --automatic-failover-enabled.",
     "別の AZ にレプリカを追加し、modify-replication-group --multi-az-enabled --automatic-failover-enabled を実行してください。"),
    Severity.LOW), __name__)


@check(id="aws.elasticache.cache_cluster_encrypted_in_transit", resource_types=("aws.elasticache.cache_cluster",),
       severity=Severity.MEDIUM,
       title=T("ElastiCache cluster outside a replication group encrypts traffic in transit",
               "レプリケーショングループ外の ElastiCache クラスターが転送中の通信を暗号化している"),
       description=T("A Memcached or single-node cluster without TLS sends cached data (often sessions and tokens) in clear.",
                     "TLS のない Memcached や単一ノードのクラスターは、キャッシュデータ (多くはセッションやトークン) を平文で送ります。"),
       remediation=T("Create the cluster with --transit-encryption-enabled (Memcached 1.6.12+, Redis 3.2.6+) and move clients.",
                     "--transit-encryption-enabled を指定してクラスターを作成し (Memcached 1.6.12 以降、Redis 3.2.6 以降)、"
                     "クライアントを移してください。"))
def cache_cluster_encrypted_in_transit(r: Resource) -> Result:
    if r.data.get("ReplicationGroupId"):
        return MSG.ok("in_group", group=r.data["ReplicationGroupId"])
    return Result.ok() if need(r, "TransitEncryptionEnabled") else MSG.fail("clear", engine=r.data.get("Engine", "cache"))

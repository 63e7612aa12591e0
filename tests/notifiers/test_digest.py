"""Digests: held until the cron time in the tenant's time zone, then one summary per channel."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agent.core.model import Status
from agent.store import outbox
from notifiers import deliver_digests
from notifiers.delivery import deliver_pending
from notifiers.digest import next_digest_times
from tests.notifiers.conftest import finding, make_settings, record
from tests.notifiers.test_router import rows


def next_nine_tokyo(after: datetime) -> datetime:
    local = after.astimezone(ZoneInfo("Asia/Tokyo"))
    fire = local.replace(hour=9, minute=0, second=0, microsecond=0)
    return fire if fire > local else fire + timedelta(days=1)


def test_daily_digest_in_tenant_time_zone(store, tenant_id, httpserver, receiver, secret_env):
    now_rec = receiver("/now")
    daily_rec = receiver("/daily")
    secret_env("UCS_T_NOW", httpserver.url_for("/now"))
    secret_env("UCS_T_DAILY", httpserver.url_for("/daily"))
    secret_env("UCS_T_KEY", "digest-signing-key")
    channels = [{"name": "now", "type": "webhook", "url_env": "UCS_T_NOW", "secret_env": "UCS_T_KEY"},
                {"name": "daily", "type": "webhook", "url_env": "UCS_T_DAILY", "secret_env": "UCS_T_KEY"}]
    routes = [{"name": "critical-now", "match": {"min_severity": "critical"}, "channels": ["now"]},
              {"name": "morning", "match": {"transitions": ["new", "resolved", "reopened"]}, "channels": ["daily"],
               "digest": {"cron": "0 9 * * *", "top": 3}}]
    settings = make_settings(tenant_id, channels, routes)
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1"), finding("aws.ec2.notifytest_tags", "i-1")]
           + [finding("aws.s3.notifytest_private", f"b{i}") for i in range(4)])
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1"), finding("aws.ec2.notifytest_tags", "i-1",
                                                                                Status.PASS)]
           + [finding("aws.s3.notifytest_private", f"b{i}") for i in range(4)])
    held = rows(store, tenant_id, channel="daily")
    assert len(held) == 7 and {r["status"] for r in held} == {outbox.HELD}

    # The immediate route is not held back by the digest.
    assert deliver_pending(store, settings).sent == {"now": 1}
    assert len(now_rec.accepted) == 1

    fire = next_nine_tokyo(held[0]["created_at"])
    (planned,) = next_digest_times(store, settings, now=held[-1]["created_at"])
    assert planned["held"] == 7 and planned["next"] == fire
    assert deliver_digests(store, settings, now=fire - timedelta(seconds=1)).digests == 0
    report = deliver_digests(store, settings, now=fire + timedelta(seconds=5))
    assert report.digests == 1 and report.sent == {"daily": 1}
    assert deliver_digests(store, settings, now=fire + timedelta(seconds=30)).digests == 0

    (body,) = [json.loads(e["body"]) for e in daily_rec.accepted.values()]
    assert body["type"] == "digest"
    summary = body["summary"]
    assert summary["total"] == 7 and summary["route"] == "morning"
    assert summary["by_severity"] == {"critical": 1, "low": 2, "high": 4}
    assert summary["by_event"] == {"new": 6, "resolved": 1}
    assert [t["severity"] for t in summary["top"]] == ["critical", "high", "high"]
    assert {r["status"] for r in rows(store, tenant_id, channel="daily", kind="transition")} == {outbox.DIGESTED}

    # The next day's digest only has what happened since.
    record(store, settings, [finding("aws.iam.notifytest_mfa", "u1", Status.PASS)]
           + [finding("aws.s3.notifytest_private", f"b{i}") for i in range(4)])
    later = rows(store, tenant_id, channel="daily", status=outbox.HELD)
    assert len(later) == 1
    second_fire = next_nine_tokyo(max(fire, later[0]["created_at"]))
    assert deliver_digests(store, settings, now=second_fire - timedelta(minutes=1)).digests == 0
    assert deliver_digests(store, settings, now=second_fire + timedelta(minutes=1)).sent == {"daily": 1}
    assert len(daily_rec.accepted) == 2
    last = json.loads(list(daily_rec.accepted.values())[1]["body"])
    assert last["summary"]["total"] == 1 and last["summary"]["by_event"] == {"resolved": 1}


def test_digest_text_in_japanese(store, tenant_id, httpserver, receiver, secret_env):
    rec = receiver("/teams-digest", ok_status=202)
    secret_env("UCS_T_TEAMS", httpserver.url_for("/teams-digest"))
    channels = [{"name": "teams", "type": "teams", "url_env": "UCS_T_TEAMS", "language": "ja"}]
    routes = [{"name": "hourly", "channels": ["teams"], "digest": {"cron": "0 * * * *", "timezone": "UTC", "top": 2}}]
    settings = make_settings(tenant_id, channels, routes)
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(3)])
    created = rows(store, tenant_id)[0]["created_at"]
    fire = created.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    assert deliver_digests(store, settings, now=fire).sent == {"teams": 1}
    (card,) = [b["attachments"][0]["content"] for b in rec.json_bodies()]
    texts = [b.get("text", "") for b in card["body"]]
    assert texts[0] == "高 · ダイジェスト"
    assert texts[1] == "前回のダイジェスト以降の変化: 3 件"
    facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
    assert facts["合計"] == "3" and facts["重要度別"] == "高 3"
    assert "S3 バケットが公開されていない" in texts[-1] and "他 1 件" in texts[-1]

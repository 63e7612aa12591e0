"""`ucs scan`: collect, evaluate, store, report."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from rich.console import Console

import notifiers
from agent.commands import _args
from agent.commands._common import add_config_arg, adhoc_settings, load, open_store, severity_level
from agent.core.messages import Catalogue, render
from agent.core.model import ACTIVE_STATES, Severity, Status
from agent.engine.gate import Gate, assess, fail_on, scan_exit_code
from agent.engine.scan import ScanOutcome, run_scan
from agent.report import write_outputs
from agent.report.common import gap_line
from agent.report.jsonout import ScanJson
from agent.report.labels import label, number
from agent.report.terminal import ScanProgress, print_scan_summary
from agent.settings.notifications import SecretMissing
from agent.settings.tenant import Settings
from agent.store import Store

# What the --fail-on gate says on stderr (agent.engine.gate decides).
TEXTS = Catalogue("cli.scan", {
    "failing": ("ucs: {n} failing finding(s) at or above {level}",
                "ucs: {level} 以上の FAIL の検出結果が {n} 件あります"),
    "wrote": ("wrote {path}", "{path} を書き出しました"),
    "notifications": ("notifications: {line}", "通知: {line}"),
    "gap": ("not assessed: {line}", "未評価: {line}"),
    "done": ("scan {id} {status}: {resources} resources, {failing} failing, {transitions} transitions",
             "スキャン {id} {status}: リソース {resources} 件、不合格 {failing} 件、状態変化 {transitions} 件"),
    "assessed": ("assessed {ok} of {units} unit(s) ({failed} not assessed): {resources} resource(s) in "
                 "{accounts} account(s), {regions} region(s), {services} resource type(s)",
                 "評価済み {ok}/{units} 単位（未評価 {failed}）: {accounts} アカウント・{regions} リージョン・"
                 "{services} リソース種別の {resources} リソース"),
    "cannot_assess": ("ucs: nothing was assessed for {providers}: see the coverage gaps above (exit 3)",
                      "ucs: {providers} は何も評価できませんでした。上の未評価項目を確認してください（終了コード 3）"),
    "partial": ("ucs: partial scan: {failed} unit(s) not assessed (--fail-on-partial)",
                "ucs: 部分的なスキャン: {failed} 単位を評価できませんでした（--fail-on-partial）"),
    "unassessed": ("ucs: {n} open {level}+ finding(s) could not be re-assessed by this scan "
                   "(not collected or ERROR this time); their last known state stands",
                   "ucs: {level} 以上の未解決の検出結果 {n} 件をこのスキャンで再評価できませんでした"
                   "（今回は未収集または ERROR）。前回の状態のままです"),
})


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scan", help="scan a tenant (or, without --config, the current AWS credentials)")
    add_config_arg(p)
    p.add_argument("--provider", action="append", type=_args.provider, metavar="PROVIDER",
                   help="only these providers (repeatable): aws, azure, gcp, kubernetes (k8s)")
    p.add_argument("--region", action="append", type=_args.aws_region,
                   help="AWS region (repeatable; overrides the config)")
    p.add_argument("--checks", action="append", type=_args.check_selector, metavar="ID|GLOB|SERVICE",
                   help="only these checks (repeatable)")
    p.add_argument("--severity", metavar="LEVEL", type=severity_level, help="only checks of this severity or higher")
    p.add_argument("--output-format", action="append", choices=["table", "json", "csv", "ocsf", "html", "asff", "sarif", "junit"],
                   help="output formats (repeatable; default from config: table, json)")
    p.add_argument("--output-dir", metavar="DIR", help="where files are written (default from config: ucs-out)")
    p.add_argument("--fail-on", metavar="LEVEL", type=severity_level,
                   help="exit 1 when a FAIL at or above LEVEL is open, or an open finding at or above LEVEL "
                        "could not be re-assessed by this scan")
    p.add_argument("--fail-on-partial", action="store_true",
                   help="exit 4 when some units could not be assessed (coverage gaps) and nothing else failed")
    p.add_argument("--deadline", metavar="SECONDS", type=_args.positive_int,
                   help="stop collecting after SECONDS; what is left is a coverage gap (default: scan.deadline_seconds)")
    p.add_argument("--endpoint-url", metavar="URL", help="AWS API endpoint (e.g. a local emulator)")
    p.add_argument("--manifests", metavar="DIR", help="Kubernetes: scan YAML/JSON manifests offline")
    p.add_argument("--engine", choices=["embedded", "celery"],
                   help="where collection runs: in this process, or sharded over `ucs worker` processes "
                        "(default: the tenant's engine.kind)")
    _args.add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    tenant_scan = bool(args.config)
    settings = load(args) if tenant_scan else adhoc_settings(args.region, args.endpoint_url)
    if tenant_scan and (args.region or args.endpoint_url) and settings.providers.aws:
        for acct in settings.providers.aws.accounts:
            if args.region:
                acct.regions = list(args.region)
            if args.endpoint_url:
                acct.endpoint_url = args.endpoint_url
    if args.deadline:
        settings.scan.deadline_seconds = args.deadline
    providers = args.provider
    collect_options: dict[str, dict] = {}
    scopes = None
    if args.manifests:
        from agent.collectors.kubernetes import manifest_scope  # type: ignore[attr-defined]

        providers = ["kubernetes"]
        scopes = [("kubernetes", manifest_scope(args.manifests))]
    if not tenant_scan and not args.manifests and providers == ["kubernetes"]:
        # One command inside a pod: the mounted service account token and CA, nothing to configure.
        from agent.collectors.kubernetes import in_cluster_scope  # type: ignore[attr-defined]

        scopes = [("kubernetes", in_cluster_scope())]
    if not tenant_scan and not args.manifests:
        providers = providers or ["aws"]
    store = open_store(settings, args)
    min_sev = Severity.parse(args.severity) if args.severity else None
    fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    lang = args.lang or settings.language
    notify = tenant_scan and settings.notifications.enabled
    hook = notifiers.transition_hook(settings) if notify else None
    formats = args.output_format or settings.output.formats
    out_dir = args.output_dir or settings.output.dir
    # The JSON document is built as the results are recorded, where the store would give them back
    # unchanged (SQLite), instead of reading them all back afterwards (spooled to an unnamed
    # temporary file: nothing is left behind if the scan fails).
    scan_json = ScanJson(out_dir, lang) if "json" in formats and store.reads_back_as_recorded else None
    on_recorded = scan_json.add if scan_json is not None else None
    if args.quiet:
        outcome = run_scan(settings, store, providers=providers, check_patterns=args.checks, min_severity=min_sev,
                           collect_options=collect_options, scopes=scopes, tenant_scan=tenant_scan,
                           on_transitions=hook, engine=args.engine, on_recorded=on_recorded)
    else:
        with ScanProgress(console, None if scopes else expected_units(settings, providers)) as progress:
            outcome = run_scan(settings, store, providers=providers, check_patterns=args.checks,
                               min_severity=min_sev, progress=progress, collect_options=collect_options,
                               scopes=scopes, tenant_scan=tenant_scan, on_transitions=hook, engine=args.engine,
                               on_recorded=on_recorded)
    if "table" in formats:
        print_scan_summary(outcome.tally, lang)
    stem = f"ucs-{outcome.tenant}-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{outcome.scan_id}"
    record = next((s for s in store.scans(outcome.tenant, limit=5) if s.id == outcome.scan_id), None)
    extra = {"tenant": outcome.tenant, "coverage": outcome.coverage.to_list(),
             "scan": {"id": outcome.scan_id, "status": str(outcome.status), "trigger": "cli",
                      "started_at": record.started_at if record else None,
                      "finished_at": record.finished_at if record else None}}
    paths = write_outputs(outcome.results, [f for f in formats if f != "table"], out_dir, stem, lang, extra, scan_json)
    if "html" in formats:
        try:
            from agent.report.html import write_html  # type: ignore[attr-defined]

            paths.append(write_html(store, settings, out_dir, stem, lang))
        except ImportError:
            console.print("[yellow]html output is not available in this build[/]")
    def say(key: str, **params: object) -> None:  # status lines go to stderr, whole, in the output language
        print(render(TEXTS.qualify(key), params, lang), file=sys.stderr)

    for p in paths:
        say("wrote", path=p)
    missing_secrets: list[SecretMissing] = []
    if notify:  # after the outputs, so messages can name the report file
        settings.output.dir = out_dir
        say("notifications", line=notifiers.deliver_pending(store, settings).line())
        missing_secrets = settings.notifications.missing_secrets()
    for gap in outcome.coverage.failures:
        say("gap", line=gap_line(gap.to_dict()))
    say("done", id=outcome.scan_id, status=label(str(outcome.status), lang), resources=len(outcome.inventory),
        failing=outcome.tally.count(Status.FAIL), transitions=sum(outcome.changes.values()))
    assessment = assess(outcome)  # always said, even when a missing secret ends the command below
    counts = {"ok": assessment.units - assessment.failed, "units": assessment.units, "failed": assessment.failed,
              "resources": assessment.resources, "accounts": assessment.accounts, "regions": assessment.regions,
              "services": assessment.services}
    say("assessed", **{k: number(v, lang) for k, v in counts.items()})
    if missing_secrets:  # the scan is stored and its messages queued; the config needs fixing (exit 2)
        if len(missing_secrets) == 1:
            raise missing_secrets[0]
        raise SecretMissing("; ".join(m.message for m in missing_secrets))
    gate = None
    if fail_on is not None:
        gate = _gate(fail_on, outcome, store)
        for key, found in (("failing", gate.failing), ("unassessed", len(gate.unassessed))):
            if found:
                say(key, n=found, level=fail_on.label)
    code = scan_exit_code(assessment, gate, args.fail_on_partial)
    if assessment.nothing_assessed:
        say("cannot_assess", providers=", ".join(assessment.unassessed_providers) or "anything")
    elif code == 4:
        say("partial", failed=assessment.failed)
    return code


def _gate(level: Severity, outcome: ScanOutcome, store: Store) -> Gate:
    still_open = store.findings(outcome.tenant, states=[s.value for s in ACTIVE_STATES], min_severity=level)
    return fail_on(level, outcome, still_open)


def expected_units(settings: Settings, providers: list[str] | None) -> int | None:
    """The AWS units a scan will report (services × regions, global services once), when only AWS
    runs; other providers report as they go, so the bar then counts without a total."""
    aws = settings.providers.aws
    others = [p for p in ("kubernetes", "azure", "gcp") if getattr(settings.providers, p, None)
              and (not providers or p in providers)]
    if aws is None or not aws.accounts or others or (providers and "aws" not in providers):
        return None
    from agent.collectors.aws.runner import service_modules

    total = 0
    for acct in aws.accounts:
        regions = max(1, len(acct.regions or []))
        total += sum(1 if getattr(m, "GLOBAL", False) else regions for m in service_modules(acct.services or None))
    return total or None

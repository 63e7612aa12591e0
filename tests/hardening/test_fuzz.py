"""Issue 24, the fuzz test: hostile input never ends in a traceback.  Seeded and bounded: 500
mutated tenant configs, 300 malformed manifests and 100 malformed Trivy / SARIF-like imports run
in this process through the CLI entry (``agent.cli.main``); 300 malformed monitoring-log files
through the file intake (no CLI command reads log files: the daemon does).  Every run must end
with a documented exit code and error lines of the documented shape (never ``internal error``:
that is main's net for a bug), within a time bound per run and a memory bound for the lot.

Malformed command-line *arguments* are the CLI's own test (argparse answers exit 2)."""

from __future__ import annotations

import functools
import gzip
import json
import random
import resource
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import agent.cli as cli
from agent.events.intake import Intake
from agent.events.sources import read_files
from agent.settings.daemon import FileSource
from tests.events.test_intake import ct_record
from tests.hardening.importer_docs import documents, mutations, paths, replaced

ROOT = Path(__file__).resolve().parents[2]
SEED = 24
PER_RUN_SECONDS = 5.0
MEMORY_MB = 250  # growth of the peak RSS over all runs of one category

TOKENS = ["[", "]", "{", "}", "&a", "*a", "*nope", "!!python/object/apply:os.system ['true']", '"\\x00"', "\x00",
          "x" * 5000, "-1", "1e400", "null", "~", "[1, 2]", "{a: b}", "2020-13-01", "yes", "ニ", "'", '"', ": :",
          "- - -", "\t", "!!binary AAAA", "&a [*a]", "0x1F", ".nan", "<<: *a", "%YAML 1.1", "---", "...", "? x"]


@pytest.fixture(scope="module")
def ucs() -> Iterator[Callable[[list[str]], tuple[int, str, str, float]]]:
    """main(argv) with the parser built once (building it is most of a cheap run's cost)."""
    import contextlib
    import io

    from agent.commands import _common
    from agent.store import Store

    original, store_class = cli.build_parser, _common.Store
    cli.build_parser = functools.lru_cache(maxsize=1)(original)
    stores: dict[str, Store] = {}
    # one Store per URL for the module (a fresh engine per run recompiles every statement: most of
    # a run's cost); what each run does with the store is unchanged
    _common.Store = lambda url: stores.setdefault(url, store_class(url))  # type: ignore[assignment,misc]

    def run(argv: list[str]) -> tuple[int, str, str, float]:
        out, err = io.StringIO(), io.StringIO()
        t0 = time.monotonic()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: exit 2 with its usage line
                code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue(), time.monotonic() - t0

    try:
        yield run
    finally:
        cli.build_parser, _common.Store = original, store_class  # type: ignore[misc]
        for s in stores.values():
            s.close()


@pytest.fixture()
def fast_dir() -> Iterator[Path]:
    """A tmpfs directory when there is one: the stores' commits then cost no disk sync."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    d = base / f"ucs-fuzz-{uuid.uuid4().hex[:8]}"
    d.mkdir()
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _no_bug(err: str, label: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, (label, err[-800:])


def mutate_text(rnd: random.Random, text: str) -> str:
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 3)):
        op = rnd.randrange(7)
        i = rnd.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [rnd.choice(TOKENS)]
        elif op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif op == 2 and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {rnd.choice(TOKENS)}"
        elif op == 3:
            lines[i] = " " * rnd.randint(0, 7) + lines[i].lstrip()
        elif op == 4:
            j = rnd.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rnd.choice(TOKENS) + lines[i][j:]
        elif op == 5:
            return "\n".join(lines)[: rnd.randrange(len(text) + 1)]
        else:
            lines.insert(i, rnd.choice(["a: &a [x, x]\nb: [*a, *a, *a]", "deep: " + "[" * rnd.randint(50, 3000),
                                        "x: " + "{y: " * 80 + "1" + "}" * 80]))
    return "\n".join(lines) + "\n"


def test_500_mutated_tenant_configs(ucs, tmp_path: Path) -> None:
    rnd = random.Random(SEED)
    base = (ROOT / "config" / "tenant.example.yaml").read_text(encoding="utf-8")
    base = base.replace("storage:", "storage_:")  # no store is opened by `config validate` anyway
    before, codes = _rss(), {0: 0, 2: 0}
    for i in range(500):
        f = tmp_path / f"c{i}.yaml"
        text = mutate_text(rnd, base)
        f.write_bytes(text.encode("utf-8", "surrogatepass") if rnd.random() > 0.05 else text.encode()[:50] + b"\xff\xfe")
        code, out, err, took = ucs(["config", "validate", str(f)])
        label = f"config {i}: {f}"
        _no_bug(err, label)
        assert code in (0, 2) and took < PER_RUN_SECONDS, (label, code, err[-500:])
        codes[code] += 1
        if code == 2:  # every problem line names the file (and, when known, the line)
            problems = [ln for ln in err.splitlines() if ln and not ln.startswith("  hint:")]
            assert problems and all(str(f) in ln for ln in problems), (label, err[-500:])
    assert codes[2] > 250 and codes[0] >= 5, codes
    assert _rss() - before < MEMORY_MB


MANIFEST = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"team": "web"}}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
     "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": True},
                              "ports": [{"containerPort": 80}], "env": [{"name": "A", "value": "b"}],
                              "resources": {"limits": {"cpu": "1"}}}],
              "volumes": [{"name": "h", "hostPath": {"path": "/"}}], "securityContext": {"runAsNonRoot": True}}},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"},
     "spec": {"template": {"metadata": {"labels": {"app": "api"}},
                           "spec": {"containers": [{"name": "api", "image": "registry.example.com/api:2"}]}}}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"},
     "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "dev"}]},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "np", "namespace": "shop"},
     "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop"},
     "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}},
]
WRONG = [[], {}, "x", 7, None, True, [None], {"a": []}, -1]


def _manifest_mutation(rnd: random.Random, i: int) -> bytes:
    docs = json.loads(json.dumps(MANIFEST))
    if i % 3 == 2:  # text level
        import yaml

        return mutate_text(rnd, yaml.safe_dump_all(docs)).encode()
    k = rnd.randrange(len(docs))
    all_paths = list(paths(docs[k]))
    docs[k] = replaced(docs[k], rnd.choice(all_paths), rnd.choice(WRONG))
    docs = [docs[k], docs[(k + 1) % len(docs)]]  # the mutated object and a sound one: small runs, both outcomes
    if i % 3 == 1:
        docs = [{"apiVersion": "v1", "kind": "List", "items": [*docs, None]}]
    return "\n---\n".join(json.dumps(d) for d in docs).encode()


def test_300_malformed_manifests(ucs, tmp_path: Path, fast_dir: Path) -> None:
    rnd = random.Random(SEED + 1)
    before, codes = _rss(), {0: 0, 3: 0}
    for i in range(300):
        store = f"sqlite:///{fast_dir / f'm{i // 30}.sqlite'}"  # a fresh store now and then: history grows per run
        f = fast_dir / f"m{i}.yaml"
        f.write_bytes(_manifest_mutation(rnd, i))
        code, out, err, took = ucs(["scan", "--manifests", str(f), "--store", store, "--output-dir", str(fast_dir / "out"),
                                    "--output-format", "csv", "--quiet"])
        label = f"manifest {i}: {f.read_text(errors='replace')[:300]}"
        _no_bug(err + out, label)
        assert code in (0, 3) and took < PER_RUN_SECONDS, (label, code, err[-500:])
        if code == 3:
            assert "nothing was assessed" in err, (label, err[-500:])
        codes[code] += 1
    assert codes[0] > 150, codes
    assert _rss() - before < MEMORY_MB


def _log_mutation(rnd: random.Random, i: int) -> bytes:
    records = [ct_record(n) for n in range(3)]
    kind = i % 6
    if kind == 0:  # a field of a record given a wrong type
        rec = records[rnd.randrange(3)]
        path = rnd.choice(list(paths(rec))[1:])
        records = [replaced(r, path, rnd.choice(WRONG)) if r is rec else r for r in records]
        return "\n".join(json.dumps(r) for r in records).encode()
    raw = json.dumps({"Records": records}).encode()
    if kind == 1:
        return raw[: rnd.randrange(1, len(raw))]
    if kind == 2:
        b = bytearray(raw)
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return bytes(b)
    if kind == 3:
        z = gzip.compress(raw)
        return z[: rnd.randrange(2, len(z))] if rnd.random() < 0.7 else z
    if kind == 4:
        return rnd.choice([b"[" * 200_000, b"\x00" * 1000, b"\xff\xfe" * 100, b"null\n[]\n\"x\"\n7", b"",
                           b"{\"Records\": {}}", b"{\"kind\": \"EventList\", \"items\": 3}",
                           json.dumps([[r] for r in records]).encode()])
    return "\n".join(mutate_text(rnd, json.dumps(r)) for r in records).encode()


def test_300_malformed_log_files(tenant_id: str, fast_dir: Path) -> None:
    rnd = random.Random(SEED + 2)
    before = _rss()
    counted = 0
    for i in range(300):
        f = fast_dir / f"l{i}.json"
        f.write_bytes(_log_mutation(rnd, i))
        t0 = time.monotonic()
        taken = read_files(FileSource(path=str(f)), Intake(tenant_id, None, None), None)
        assert time.monotonic() - t0 < PER_RUN_SECONDS
        counted += taken.malformed
        assert taken.malformed == sum(taken.reasons.values())
        assert len(taken.errors) == min(taken.malformed, 5) or taken.malformed > 5
        assert all(e.startswith(str(f)) and "\n" not in e for e in taken.errors), taken.errors
        assert "unexpected" not in taken.reasons, (i, taken.errors)  # a reason the reader did not foresee: a bug
    assert counted > 200
    assert _rss() - before < MEMORY_MB


SARIF = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
         "runs": [{"tool": {"driver": {"name": "Trivy", "rules": [{"id": "CVE-2024-6387"}]}},
                   "results": [{"ruleId": "CVE-2024-6387", "level": "error", "message": {"text": "openssh"}}]}]}


def test_100_malformed_trivy_and_sarif_like_imports(ucs, fast_dir: Path) -> None:
    rnd = random.Random(SEED + 3)
    store = f"sqlite:///{fast_dir / 'v.sqlite'}"
    pool: list[tuple[str, bytes]] = list(mutations(SEED))
    rnd.shuffle(pool)
    sarif = [(f"sarif {p}", json.dumps(replaced(SARIF, p, rnd.choice(WRONG))).encode()) for p in paths(SARIF)]
    runs = pool[:85] + sarif + [("sarif", json.dumps(SARIF).encode())]
    before, codes = _rss(), {0: 0, 2: 0}
    for i, (label, data) in enumerate(runs):
        f = fast_dir / f"v{i}.json"
        f.write_bytes(data)
        code, out, err, took = ucs(["vulns", "import", str(f), "--store", store])
        _no_bug(err, label)
        assert code in (0, 2) and took < PER_RUN_SECONDS, (label, code, err)
        if code == 2:
            assert err.splitlines()[0].startswith(f"ucs: error: {f}"), (label, err)
        codes[code] += 1
    assert len(runs) >= 100 and codes[2] >= 40, codes
    assert _rss() - before < MEMORY_MB


def _doc_count() -> Any:  # keeps the import of documents() used by the SARIF pool above
    return len(documents())

"""Issue 24, finding 6: importers never crash.  Every JSON path of a real Trivy (image, SBOM,
batch), ECR and Inspector2 document given every wrong type, bad CVSS vectors and scores, cut
short, undecodable, nested past the parser's depth: each is either imported or refused with a
VulnImportError (exit 2) naming the file and the JSON path — and a refused import changes
nothing already stored."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from agent.cli import main
from agent.store import Store
from agent.store.tables import vulnerabilities
from agent.vulns.parsers import VulnImportError, load_bytes
from tests.hardening.importer_docs import WRONG, documents, mutations, paths, replaced


def test_every_path_of_every_document_with_every_wrong_value_imports_or_names_the_fault() -> None:
    runs = refused = 0
    for name, doc in documents().items():
        for path in paths(doc):
            for value in WRONG:
                runs += 1
                try:
                    load_bytes(json.dumps(replaced(doc, path, value)).encode(), f"{name}.json")
                except VulnImportError as exc:
                    refused += 1
                    assert str(exc.message).startswith(f"{name}.json"), exc.message
                    assert "\n" not in exc.message
    assert runs > 2000 and refused > 500


def test_the_fault_is_named_by_its_json_path() -> None:
    doc = documents()["trivy-image"]
    bad = replaced(doc, ("Results", 0, "Vulnerabilities", 1, "CVSS", "nvd", "V3Score"), "high")
    try:
        load_bytes(json.dumps(bad).encode(), "r.json")
    except VulnImportError as exc:
        assert exc.message == "r.json: Results[0].Vulnerabilities[1].CVSS.nvd.V3Score: expected a number, got 'high'"
    else:
        raise AssertionError("a string score was imported")
    bad = replaced(documents()["ecr-scan"], ("imageScanFindings", "enhancedFindings", 0, "packageVulnerabilityDetails",
                                            "vulnerablePackages", 0), "curl")
    try:
        load_bytes(json.dumps(bad).encode(), "e.json")
    except VulnImportError as exc:
        assert exc.message == ("e.json: imageScanFindings.enhancedFindings[0].packageVulnerabilityDetails"
                               ".vulnerablePackages[0]: expected an object, got a string")


def _rows(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(vulnerabilities)).all())


def test_a_refused_import_is_exit_2_one_line_and_changes_nothing_stored(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'v.sqlite'}"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(documents()["trivy-image"]), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(documents()["ecr-scan"]), encoding="utf-8")
    assert main(["vulns", "import", str(good), "--store", url]) == 0
    store = Store(url)
    before = _rows(store)
    refused = 0
    for i, (label, data) in enumerate(list(mutations())[::10]):  # the CLI path for a sample; the sweep above is exhaustive
        f = tmp_path / f"m{i}.json"
        f.write_bytes(data)
        capsys.readouterr()
        code = main(["vulns", "import", str(other), str(f), "--store", url])
        err = capsys.readouterr().err
        assert code in (0, 2), (label, err)
        if code == 2:
            refused += 1
            assert err.strip().splitlines()[0].startswith(f"ucs: error: {f}") and "Traceback" not in err, (label, err)
            assert _rows(store) == before, label  # not even the good file given with it was stored
        else:
            assert main(["vulns", "import", str(good), "--store", url]) == 0  # back to the known state
            before = _rows(store)
    assert refused > 5

"""`ucs checks list`: the registry as users see it, with remediator availability."""

from __future__ import annotations

import json

from agent.cli import main


def test_checks_list_json(capsys) -> None:
    assert main(["checks", "list", "--json", "--provider", "aws"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) >= 110 and all(r["provider"] == "aws" for r in rows.values())
    bpa = rows["aws.s3.block_public_access"]
    assert bpa["remediator"] == "aws.s3.block_public_access"
    assert bpa["title"]["ja"] and "2.1.4" in bpa["frameworks"]["cis-aws-3.0"]
    assert main(["checks", "list", "--json", "--framework", "cis-azure-2.1"]) == 0
    azure = json.loads(capsys.readouterr().out)
    assert azure and {r["provider"] for r in azure} == {"azure"}

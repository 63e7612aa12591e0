"""The detect-secrets wrapper on its own: keys and detectors out, never values."""

from __future__ import annotations

from agent.collectors.aws._secrets import scan_pairs, scan_text


def test_pairs_name_key_and_detector() -> None:
    found = scan_pairs({"K": "AKIAIOSFODNN7EXAMPLE", "LOG_LEVEL": "debug", "DB_PASSWORD": "hunter2-never-stored",
                        "DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db", "TABLE": None})
    assert {(f["key"], f["detector"]) for f in found} == {("K", "AWS Access Key"), ("DB_PASSWORD", "Secret Keyword")}
    assert "AKIAIOSFODNN7EXAMPLE" not in repr(found) and "hunter2" not in repr(found)


def test_text_names_lines() -> None:
    text = "#!/bin/bash\necho hi\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
    assert scan_text(text) == [{"key": "line 3", "detector": "AWS Access Key"}]
    assert scan_text("") == [] and scan_pairs({}) == []


def test_a_newline_in_a_key_does_not_shift_lines() -> None:
    found = scan_pairs({"A\nB": "x", "K": "AKIAIOSFODNN7EXAMPLE"})
    assert found == [{"key": "K", "detector": "AWS Access Key"}]

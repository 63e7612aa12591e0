"""Secrets found where they do not belong: the one answer every "no_secrets_in_…" check gives.

The collectors run detect-secrets over the values (environment variables, user data, outputs,
parameters) and keep only ``[{"key", "detector"}]`` (:mod:`agent.collectors.aws._secrets`); this
module words that list.  No checks here.
"""

from __future__ import annotations

from typing import Any

from checks import Messages, Result, readable
from checks.common import T

MSG = Messages("aws.secrets_common", {
    "found": ("detect-secrets found {count} potential secret(s): {found}",
              "detect-secrets が {count} 件のシークレットの可能性を検出しました: {found}"),
    "none": ("detect-secrets found nothing", "detect-secrets は何も検出しませんでした"),
})


def secrets_result(found: Any, what: str = "_secrets_found") -> Result:
    """FAIL naming each key and detector (never a value), else a pass saying nothing was found."""
    items = readable(found, what) or []
    named = sorted({f"{i.get('key')} ({i.get('detector')})" for i in items if isinstance(i, dict)})
    return MSG.fail("found", count=len(named), found=named) if named else MSG.ok("none")


def secrets_texts(where_en: str, where_ja: str, fix_en: str, fix_ja: str) -> dict[str, dict[str, str]]:
    """title / description / remediation of a "no secrets in <where>" check."""
    return {
        "title": T(f"No secrets in {where_en}", f"{where_ja}にシークレットがない"),
        "description": T(f"detect-secrets (its plugins: AWS keys, private keys, tokens, secret keywords, high-entropy "
                         f"strings …) finds nothing in {where_en}, which anyone with read access to the configuration "
                         "can see. The finding names the key and the detector, never the value.",
                         f"detect-secrets（AWS キー・秘密鍵・トークン・シークレットキーワード・高エントロピー文字列などの"
                         f"プラグイン）が{where_ja}に何も検出しないこと。{where_ja}は設定を読める誰もが参照できます。"
                         "検出結果はキーと検出器のみを示し、値は示しません。"),
        "remediation": T(f"{fix_en} Rotate any credential that was exposed.",
                         f"{fix_ja}漏えいした認証情報はローテーションしてください。"),
    }

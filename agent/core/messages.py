"""Localisable finding details: a message id plus parameters, rendered in the reader's language.

A check module declares its messages once, beside its checks, in English and Japanese::

    MSG = Messages("aws.s3", {          # agent.core.model.Messages, re-exported by ``checks``
        "public_acl": ("bucket ACL grants {grantees}", "バケット ACL が {grantees} に権限を付与しています"),
    })

    return MSG.fail("public_acl", grantees=found)

The Result carries the qualified id (``"aws.s3:public_acl"``) and the parameters (which are also
the finding's evidence).  The engine renders the English detail once, for storage and logs; the
report, notifier and CLI layers render the stored id again in the output language
(:func:`render`).  A stored id that no catalogue knows any more (a renamed module) falls back to
the stored English detail, so old rows never break a report.

Parameters render with ``str.format``; lists, tuples and sets are joined with ", " so a message
template reads naturally (``"{grantees}"`` -> ``"AllUsers, AuthenticatedUsers"``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "ja")

_CATALOGUES: dict[str, Catalogue] = {}


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
            return ", ".join(str(v) for v in items)
        return str(super().format_field(value, format_spec))


_FORMATTER = _Formatter()


class Catalogue:
    """The message texts of one namespace (a check module, or a shared helper module).

    :class:`agent.core.model.Messages` adds the ``ok`` / ``fail`` / ``error`` Result builders.
    """

    def __init__(self, namespace: str, texts: Mapping[str, tuple[str, str] | Mapping[str, str]]) -> None:
        if ":" in namespace:
            raise ValueError(f"message namespace {namespace!r} may not contain ':'")
        if namespace in _CATALOGUES:
            raise ValueError(f"message namespace {namespace!r} is declared twice")
        self.namespace = namespace
        self.texts: dict[str, dict[str, str]] = {}
        for key, value in texts.items():
            pair = dict(zip(LANGUAGES, value, strict=True)) if isinstance(value, tuple) else dict(value)
            if not pair.get("en") or not pair.get("ja"):
                raise ValueError(f"message {namespace}:{key} needs both 'en' and 'ja' text")
            self.texts[key] = pair
        _CATALOGUES[namespace] = self

    def qualify(self, key: str) -> str:
        if key not in self.texts:
            raise KeyError(f"message {self.namespace}:{key} is not declared")
        return f"{self.namespace}:{key}"


def catalogues() -> Mapping[str, Catalogue]:
    return _CATALOGUES


def template(message: str, lang: str = "en") -> str | None:
    """The text of a qualified message id in ``lang`` (English when ``lang`` has none), or None."""
    namespace, _, key = message.partition(":")
    cat = _CATALOGUES.get(namespace)
    if cat is None or key not in cat.texts:
        return None
    texts = cat.texts[key]
    return texts.get(lang) or texts["en"]


def render(message: str, params: Mapping[str, Any], lang: str = "en", fallback: str = "") -> str:
    """The message in ``lang`` with its parameters; ``fallback`` when the id or a parameter is unknown."""
    if not message:
        return fallback
    text = template(message, lang)
    if text is None:
        return fallback or message
    return fill(text, params, fallback)


def fill(text: str, params: Mapping[str, Any], fallback: str = "") -> str:
    """A template already looked up (:func:`template`) with its parameters; ``fallback`` (or the
    bare template) when a parameter is missing or malformed."""
    try:
        return _FORMATTER.vformat(text, (), dict(params))
    except (KeyError, IndexError, ValueError, AttributeError):
        return fallback or text


def render_strict(message: str, params: Mapping[str, Any], lang: str) -> str:
    """Like :func:`render` but raising on an unknown id or parameter (the conformance test uses it)."""
    text = template(message, lang)
    if text is None:
        raise KeyError(f"message {message!r} is not declared")
    return _FORMATTER.vformat(text, (), dict(params))


# Messages of the engine itself: what it says when a check could not answer.
CORE = Catalogue("core", {
    "not_collected": ("{key} was not collected", "{key} は収集されていません"),
    "unreadable": ("{key} could not be read: {reason}", "{key} を読み取れませんでした: {reason}"),
    "check_raised": ("check raised {error}", "チェックが例外 {error} を送出しました"),
    "inputs_incomplete": ("not assessed: {types} not fully collected in this scope",
                          "評価できません: このスコープで {types} を完全には収集できませんでした"),
})

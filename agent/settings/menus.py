"""Service menus (Art. 2) and the licence check (Art. 3)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from agent.core.errors import LicenceError, MenuError


@lru_cache(maxsize=1)
def menu_catalogue() -> dict[str, Any]:
    text = resources.files("config").joinpath("menus.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def known_options() -> set[str]:
    return set(menu_catalogue()["options"])


def menu_for(feature: str) -> str | None:
    """Name of the option menu that carries ``feature``; None when the base menu has it."""
    cat = menu_catalogue()
    if feature in cat["base"]["features"]:
        return None
    for name, menu in cat["options"].items():
        if feature in menu["features"]:
            return name
    raise KeyError(f"feature {feature!r} is in no menu")


def require_feature(settings: Any, feature: str) -> None:
    """Raise MenuError unless the tenant's menus include ``feature``."""
    menu = menu_for(feature)
    if menu is None or menu in settings.menus.options:
        return
    title = menu_catalogue()["options"][menu]["title"]
    raise MenuError(
        f"tenant {settings.tenant.id}: '{feature}' is part of the option menu '{menu}' "
        f"({title['en']} / {title['ja']}), which this tenant does not subscribe to",
        hint=f"add '{menu}' to menus.options in {settings.source or 'the tenant config'} once the contract includes it",
    )


def check_licence(settings: Any, today: date | None = None) -> None:
    """Art. 3: refuse to work for a tenant without a valid licence for the product."""
    today = today or date.today()
    lic = settings.licence
    products = menu_catalogue()["licensed_products"]
    if lic.product not in products:
        raise LicenceError(
            f"tenant {settings.tenant.id}: licence is for {lic.product!r}, not for a product this agent serves "
            f"({', '.join(products)}); scan refused (service agreement Art. 3)"
        )
    if lic.expires < today:
        raise LicenceError(
            f"tenant {settings.tenant.id}: licence for {lic.product!r} expired on {lic.expires.isoformat()}; "
            "scan refused (service agreement Art. 3)"
        )

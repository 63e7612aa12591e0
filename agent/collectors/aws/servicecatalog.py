"""AWS Service Catalog portfolios in one region (ListPortfolios, paginated) and, per portfolio,
the accounts it is shared with one by one (DescribePortfolioShares with Type ACCOUNT, which has
no paginator: its page token is followed here); shares through the organisation, an OU or a
member account are the organisation's own.  An unused region costs one listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "servicecatalog"
GLOBAL = False
RESOURCE_TYPES = ("aws.servicecatalog.portfolio",)
PERMISSIONS = ("servicecatalog:DescribePortfolioShares", "servicecatalog:ListPortfolios")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("servicecatalog")

    def one(p: dict[str, Any]) -> Resource:
        data = dict(p)
        data["AccountShares"] = ctx.read(lambda: token_pages(c.describe_portfolio_shares, "PortfolioShareDetails",
                                                             token="PageToken", out_token="NextPageToken",
                                                             PortfolioId=p["Id"], Type="ACCOUNT"))
        return make(ctx, "aws.servicecatalog.portfolio", p["ARN"], p.get("DisplayName") or p["Id"], data)

    return bounded_map(one, ctx.paginate(c, "list_portfolios", "PortfolioDetails"))

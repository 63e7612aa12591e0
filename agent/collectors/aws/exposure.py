"""Derived exposure and privilege fields, computed over a collected inventory (pure; no API calls).

After collection every resource that can face the internet gets ``data["_exposure"]``::

    {"internet_reachable": bool,          # a packet from the internet can reach it today
     "level": "reachable" | "public-but-blocked" | "private",
     "open_ports": [22, 443],             # ports open along the whole path
     "path": ["public IP 203.0.113.5", "sg-1 allows tcp 22 from 0.0.0.0/0", ...]}

and every resource acting with an IAM role gets ``data["_privileged"]``::

    {"admin": bool, "privileged": bool, "roles": [arn], "actions": ["*"] | [escalation actions]}

Reachability follows the real path: a public address (or public endpoint), a security group
rule open to 0.0.0.0/0 or ::/0, a network ACL that lets the same port in, and a route from the
subnet to an internet gateway.  Data that was not collected (no NACLs or route tables in the
inventory) is treated as AWS's default (NACL allows, route unknown → assumed present) and said
so in the path, so exposure is never hidden by a missing read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from agent.policy import aws_iam as iam_policy
from agent.core.inventory import Inventory
from agent.core.model import Resource, is_unreadable

WORLD = ("0.0.0.0/0", "::/0")
INTERESTING_PORTS = (22, 3389, 80, 443, 3306, 5432, 1433, 1521, 6379, 9200, 27017)
PAB_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers",
                   "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")


# --------------------------------------------------------------------------- network pieces
def sg_open_ranges(sg: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(protocol, from, to) ingress ranges a security group opens to the whole internet."""
    out = []
    for perm in sg.get("IpPermissions", []) or []:
        wide = any(r.get("CidrIp") == WORLD[0] for r in perm.get("IpRanges", []) or []) or \
            any(r.get("CidrIpv6") == WORLD[1] for r in perm.get("Ipv6Ranges", []) or [])
        if not wide:
            continue
        proto = str(perm.get("IpProtocol", "-1"))
        if proto == "-1":
            out.append(("all", 0, 65535))
        else:
            out.append((proto, int(perm.get("FromPort", 0) if perm.get("FromPort", -1) != -1 else 0),
                        int(perm.get("ToPort", 65535) if perm.get("ToPort", -1) != -1 else 65535)))
    return out


def nacl_allows(acl: dict[str, Any] | None, port: int) -> bool:
    """Does the NACL let TCP ``port`` in from 0.0.0.0/0?  The lowest-numbered matching entry wins."""
    if acl is None:
        return True  # AWS default NACL allows everything
    for e in sorted((e for e in acl.get("Entries", []) if not e.get("Egress")), key=lambda e: e.get("RuleNumber", 32767)):
        if e.get("CidrBlock") not in WORLD and e.get("Ipv6CidrBlock") not in WORLD:
            continue
        proto = str(e.get("Protocol"))
        rng = e.get("PortRange") or {}
        if proto == "-1" or (proto == "6" and int(rng.get("From", 0)) <= port <= int(rng.get("To", 65535))):
            return e.get("RuleAction") == "allow"
    return False


class Network:
    """Index of one account's network resources across regions."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.sgs: dict[str, dict[str, Any]] = {}
        self.nacl_by_subnet: dict[str, dict[str, Any]] = {}
        self.default_nacl: dict[str, dict[str, Any]] = {}
        self.rt_by_subnet: dict[str, dict[str, Any]] = {}
        self.main_rt: dict[str, dict[str, Any]] = {}
        self.have_nacls = self.have_routes = False
        for r in resources:
            d = r.data
            if r.type == "aws.ec2.security_group" and d.get("GroupId"):
                self.sgs[d["GroupId"]] = d
            elif r.type == "aws.ec2.network_acl":
                self.have_nacls = True
                for a in d.get("Associations", []) or []:
                    if a.get("SubnetId"):
                        self.nacl_by_subnet[a["SubnetId"]] = d
                if d.get("IsDefault"):
                    self.default_nacl[d.get("VpcId", "")] = d
            elif r.type == "aws.ec2.route_table":
                self.have_routes = True
                for a in d.get("Associations", []) or []:
                    if a.get("Main"):
                        self.main_rt[d.get("VpcId", "")] = d
                    elif a.get("SubnetId"):
                        self.rt_by_subnet[a["SubnetId"]] = d

    def nacl(self, subnet: str | None, vpc: str | None) -> dict[str, Any] | None:
        return self.nacl_by_subnet.get(subnet or "") or self.default_nacl.get(vpc or "")

    def igw_route(self, subnet: str | None, vpc: str | None) -> str | None:
        """The internet gateway the subnet's route table sends 0.0.0.0/0 (or ::/0) to, if any."""
        if not self.have_routes:
            return "unknown (route tables not collected)"
        rt = self.rt_by_subnet.get(subnet or "") or self.main_rt.get(vpc or "")
        for route in (rt or {}).get("Routes", []) or []:
            dest = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
            gw = str(route.get("GatewayId", ""))
            if dest in WORLD and gw.startswith("igw-") and route.get("State", "active") == "active":
                return gw
        return None

    def path(self, sg_ids: list[str], subnets: list[str], vpc: str | None, ports: Iterable[int] | None = None
             ) -> tuple[list[int], list[str]]:
        """Ports open from the internet through SGs, NACL and route, with the hops that allow them."""
        ranges = [(gid, rng) for gid in sg_ids for rng in sg_open_ranges(self.sgs.get(gid, {}))
                  if rng[0] in ("all", "tcp", "6")]
        hops = [f"{gid} allows {p} {lo}-{hi} from the internet" for gid, (p, lo, hi) in ranges]
        hops += [f"{gid} not collected (not assessed)" for gid in sg_ids if gid not in self.sgs]
        candidates = set(ports) if ports is not None else set(INTERESTING_PORTS) | {lo for _, (_, lo, _) in ranges if lo > 0}
        sg_ports = sorted(p for p in candidates if any(lo <= p <= hi for _, (_, lo, hi) in ranges))
        if not sg_ports:
            return [], hops
        for subnet in subnets or [None]:
            gw = self.igw_route(subnet, vpc)
            if not gw:
                continue
            acl = self.nacl(subnet, vpc)
            open_ports = [p for p in sg_ports if nacl_allows(acl, p)]
            if open_ports:
                acl_hop = f"{acl.get('NetworkAclId')} allows them" if acl else "NACL not collected (default allows)"
                return open_ports, hops + [acl_hop, f"route 0.0.0.0/0 -> {gw}" + (f" from {subnet}" if subnet else "")]
        return [], hops + ["blocked by NACL or no route to an internet gateway"]


def _exposure(public: str | None, open_ports: list[int], hops: list[str]) -> dict[str, Any]:
    if not public:
        return {"internet_reachable": False, "level": "private", "open_ports": [], "path": hops}
    reachable = bool(open_ports)
    return {"internet_reachable": reachable, "level": "reachable" if reachable else "public-but-blocked",
            "open_ports": open_ports, "path": [public] + hops}


# --------------------------------------------------------------------------- privilege
class Roles:
    def __init__(self, resources: Iterable[Resource]) -> None:
        self.by_arn: dict[str, dict[str, Any]] = {}
        self.by_profile: dict[str, list[str]] = defaultdict(list)
        for r in resources:
            if r.type != "aws.iam.role":
                continue
            self.by_arn[r.id] = r.data
            for p in r.data.get("InstanceProfileList", []) or []:
                if p.get("Arn"):
                    self.by_profile[p["Arn"]].append(r.id)

    def privilege(self, role_arns: list[str]) -> dict[str, Any]:
        known = [a for a in role_arns if a in self.by_arn]
        actions = sorted({x for a in known for x in self.by_arn[a].get("_privileged_actions", [])})
        admin = any(self.by_arn[a].get("_admin") for a in known)
        return {"admin": admin, "privileged": admin or bool(actions), "roles": role_arns, "actions": actions,
                "roles_not_collected": [a for a in role_arns if a not in known]}


# --------------------------------------------------------------------------- per resource kind
def _instance(r: Resource, net: Network, roles: Roles) -> None:
    d = r.data
    public = d.get("PublicIpAddress") or next(
        (n.get("Association", {}).get("PublicIp") for n in d.get("NetworkInterfaces", []) or []
         if (n.get("Association") or {}).get("PublicIp")), None)
    enis = d.get("NetworkInterfaces", []) or []
    # Security groups and subnets of every network interface count, not only the primary ones.
    sgs = list(dict.fromkeys([g.get("GroupId") for g in d.get("SecurityGroups", []) or [] if g.get("GroupId")]
                             + [g.get("GroupId") for n in enis for g in n.get("Groups", []) or [] if g.get("GroupId")]))
    subnets = list(dict.fromkeys(([d["SubnetId"]] if d.get("SubnetId") else [])
                                 + [n["SubnetId"] for n in enis if n.get("SubnetId")]))
    ports, hops = net.path(sgs, subnets, d.get("VpcId"))
    d["_exposure"] = _exposure(f"public IP {public}" if public else None, ports, hops)
    profile = (d.get("IamInstanceProfile") or {}).get("Arn")
    if profile:
        d["_privileged"] = roles.privilege(roles.by_profile.get(profile, []) or [f"(instance profile {profile})"])


def _rds(r: Resource, net: Network) -> None:
    d = r.data
    public = d.get("PubliclyAccessible")
    sgs = [g.get("VpcSecurityGroupId") for g in d.get("VpcSecurityGroups", []) or [] if g.get("VpcSecurityGroupId")]
    subnet_group = d.get("DBSubnetGroup") or {}
    subnets = [s.get("SubnetIdentifier") for s in subnet_group.get("Subnets", []) or [] if s.get("SubnetIdentifier")]
    port = (d.get("Endpoint") or {}).get("Port") or d.get("DbInstancePort")
    ports, hops = net.path(sgs, subnets, subnet_group.get("VpcId"), [int(port)] if port else None)
    d["_exposure"] = _exposure("PubliclyAccessible endpoint" if public else None, ports, hops)


def _elbv2(r: Resource, net: Network) -> None:
    d = r.data
    public = d.get("Scheme") == "internet-facing"
    listeners = d.get("Listeners") if isinstance(d.get("Listeners"), list) else []
    ports = sorted({int(ln["Port"]) for ln in listeners if ln.get("Port")})
    subnets = [az.get("SubnetId") for az in d.get("AvailabilityZones", []) or [] if az.get("SubnetId")]
    if not d.get("SecurityGroups"):  # NLB without security groups: every listener is open
        hops = ["no security groups (network load balancer)"]
        d["_exposure"] = _exposure("internet-facing scheme" if public else None, ports if public else [], hops)
        return
    open_ports, hops = net.path(list(d.get("SecurityGroups") or []), subnets, d.get("VpcId"), ports)
    d["_exposure"] = _exposure("internet-facing scheme" if public else None, open_ports, hops)


def _lambda(r: Resource, roles: Roles) -> None:
    d = r.data
    urls = d.get("FunctionUrlConfigs") if isinstance(d.get("FunctionUrlConfigs"), list) else []
    open_url = any(u.get("AuthType") == "NONE" for u in urls)
    policy = d.get("Policy")
    public_policy = bool(policy) and not is_unreadable(policy) and iam_policy.is_public(policy)
    reasons = (["function URL without auth"] if open_url else []) + (["public resource policy"] if public_policy else [])
    d["_exposure"] = {"internet_reachable": bool(reasons), "level": "reachable" if reasons else "private",
                      "open_ports": [443] if open_url else [], "path": reasons}
    if d.get("Role"):
        d["_privileged"] = roles.privilege([d["Role"]])


def _eks(r: Resource) -> None:
    vpc = r.data.get("resourcesVpcConfig") or {}
    public = vpc.get("endpointPublicAccess", True)
    cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
    wide = public and any(c in WORLD for c in cidrs)
    r.data["_exposure"] = {"internet_reachable": bool(wide), "level": "reachable" if wide else ("restricted" if public else "private"),
                           "open_ports": [443] if wide else [], "path": [f"public endpoint open to {', '.join(cidrs)}"] if public else []}


def bucket_public_reasons(d: dict[str, Any], account_pab: dict[str, Any] | None) -> list[str]:
    """Why an S3 bucket is public, honouring bucket- and account-level Block Public Access."""
    pab = dict(account_pab or {})
    bucket_pab = d.get("PublicAccessBlock") or d.get("PublicAccessBlockConfiguration") or {}
    if isinstance(bucket_pab, dict) and not is_unreadable(bucket_pab):
        for k in PAB_KEYS:
            pab[k] = bool(pab.get(k)) or bool(bucket_pab.get(k))
    reasons = []
    policy = d.get("Policy")
    if isinstance(policy, dict) and "Policy" in policy and "Statement" not in policy:
        policy = policy["Policy"]
    status = d.get("PolicyStatus") or {}
    if not pab.get("RestrictPublicBuckets"):
        if (policy and not is_unreadable(policy) and iam_policy.is_public(policy)) or \
                (isinstance(status, dict) and (status.get("PolicyStatus") or status).get("IsPublic") is True):
            reasons.append("bucket policy allows anyone")
    acl = d.get("Acl") or d.get("ACL") or d.get("Grants") or {}
    grants = acl.get("Grants", []) if isinstance(acl, dict) else acl
    if not pab.get("IgnorePublicAcls"):
        for g in grants or []:
            if (g.get("Grantee") or {}).get("URI") in PUBLIC_GRANTEES:
                reasons.append(f"ACL grants {g.get('Permission')} to {(g['Grantee']['URI']).rsplit('/', 1)[-1]}")
    return reasons


def _bucket(r: Resource, account_pab: dict[str, Any] | None) -> None:
    reasons = bucket_public_reasons(r.data, account_pab)
    r.data["_exposure"] = {"internet_reachable": bool(reasons), "level": "reachable" if reasons else "private",
                           "open_ports": [443] if reasons else [], "path": reasons}


def annotate(inventory: Inventory) -> None:
    """Add ``_exposure`` / ``_privileged`` to every resource of the inventory, account by account."""
    by_account: dict[str, list[Resource]] = defaultdict(list)
    for r in inventory:
        if r.provider == "aws":
            by_account[r.account].append(r)
    for resources in by_account.values():
        net = Network(resources)
        roles = Roles(resources)
        account_pab = next((r.data.get("PublicAccessBlockConfiguration") for r in resources
                            if r.type == "aws.s3.account_public_access_block"), None)
        if is_unreadable(account_pab):
            account_pab = None
        for r in resources:
            if r.type == "aws.ec2.instance":
                _instance(r, net, roles)
            elif r.type == "aws.rds.db_instance":
                _rds(r, net)
            elif r.type == "aws.elbv2.load_balancer":
                _elbv2(r, net)
            elif r.type == "aws.lambda.function":
                _lambda(r, roles)
            elif r.type == "aws.eks.cluster":
                _eks(r)
            elif r.type == "aws.s3.bucket":
                _bucket(r, account_pab)

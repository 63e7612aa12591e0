"""The cloud security products' own findings (Security Hub, GuardDuty, Inspector, Macie, IAM Access
Analyzer, Defender for Cloud, Security Command Center), unified with ours (docs/products.md).

    model.py    Reported (a product finding, normalised), severity mapping, product names
    parse.py    each product's document -> Reported (pure)
    mapping.py  dedup mapping (config/products/*.yaml) and Reported -> Finding
    aws.py      AWS readers (incremental, per account and region)
    azure.py    Defender for Cloud via Resource Graph securityresources
    gcp.py      SCC ListFindings (REST)
    ingest.py   read -> Art. 11 meter -> inventory join -> dedup -> mutelist -> store; coverage gaps
    asff.py     our findings in ASFF (pure);  export.py  BatchImportFindings to Security Hub
"""

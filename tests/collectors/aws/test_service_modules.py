"""Service modules by name: naming services imports only theirs (their SERVICE is read from the
source), and the modules found are the ones importing every module and filtering would give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from agent.collectors.aws.runner import _declared_service, service_modules

ROOT = Path(__file__).resolve().parents[3]


def test_naming_services_finds_the_same_modules_as_filtering_them_all() -> None:
    everything = service_modules()
    for service in {m.SERVICE for m in everything}:
        assert service_modules([service]) == [m for m in everything if service == m.SERVICE], service
    assert service_modules(["s3", "lambda", "ses"]) == [m for m in everything if m.SERVICE in {"s3", "lambda", "ses"}]


def test_every_service_module_declares_its_service_plainly() -> None:
    # a module whose SERVICE is not a plain string literal is imported to tell (still correct, but slower)
    assert [m.__name__ for m in service_modules() if _declared_service(Path(str(m.__file__))) != m.SERVICE] == []


def test_naming_services_imports_no_other_collector() -> None:
    code = ("import json, sys\n"
            "from agent.collectors.aws.runner import service_modules\n"
            "names = [m.__name__ for m in service_modules(['s3', 'kms'])]\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('agent.collectors.aws.') and m.rsplit('.', 1)[1] in "
            "{'lambda_', 'ec2', 'sagemaker', 'glue', 'iam'})\n"
            "print(json.dumps({'names': names, 'loaded': loaded}))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got == {"names": ["agent.collectors.aws.kms", "agent.collectors.aws.s3"], "loaded": []}

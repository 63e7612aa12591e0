"""Pod Security Standards (baseline and restricted), one check per control.

Each check looks at the pod spec of a bare pod or of a controller's pod template (see podspec).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages
from checks.kubernetes.podspec import (
    capabilities,
    containers,
    effective,
    offenders,
    pod_sc,
    pod_spec,
    sc,
    template,
    workload_check,
)

ENFORCE = "pod-security.enforcement"
BASELINE_CAPS = frozenset({"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                           "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"})
SAFE_SYSCTLS = frozenset({"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
                          "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
                          "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                          "net.ipv4.tcp_keepalive_probes"})
RUNTIME_SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "/var/run/docker",
                   "/run/containerd", "/var/run/crio")
RESTRICTED_VOLUMES = frozenset({"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                                "projected", "secret"})
SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})

# Container names are the parameter ``containers`` (also the evidence); "(pod)" stands for a
# setting made on the pod's own security context.
MSG = Messages("kubernetes.pod_security", {
    "privileged": ("privileged containers: {containers}", "特権コンテナ: {containers}"),
    "host_network": ("{field}: true (shares the node's network namespace)",
                     "{field}: true（ノードのネットワーク名前空間を共有しています）"),
    "host_pid": ("{field}: true (shares the node's process namespace)",
                 "{field}: true（ノードのプロセス名前空間を共有しています）"),
    "host_ipc": ("{field}: true (shares the node's IPC namespace)",
                 "{field}: true（ノードの IPC 名前空間を共有しています）"),
    "host_path": ("hostPath volumes: {paths}", "hostPath ボリューム: {paths}"),
    "runtime_socket": ("runtime socket mounted: {paths}", "コンテナランタイムのソケットがマウントされています: {paths}"),
    "host_ports": ("containers with hostPort: {containers}", "hostPort を使用しているコンテナ: {containers}"),
    "extra_capabilities": ("{per_container}", "ベースライン外のケーパビリティを追加しています: {per_container}"),
    "sys_admin": ("containers adding SYS_ADMIN/ALL: {containers}", "SYS_ADMIN/ALL を追加しているコンテナ: {containers}"),
    "net_raw": ("containers keeping NET_RAW: {containers}", "NET_RAW を保持しているコンテナ: {containers}"),
    "not_all_dropped": ("containers not dropping ALL: {containers}", "ALL を削除していないコンテナ: {containers}"),
    "privilege_escalation": ("containers allowing privilege escalation: {containers}",
                             "権限昇格を許可しているコンテナ: {containers}"),
    "no_run_as_non_root": ("containers without runAsNonRoot: {containers}",
                           "runAsNonRoot が設定されていないコンテナ: {containers}"),
    "root_user": ("containers running as UID 0: {containers}", "UID 0 で実行されるコンテナ: {containers}"),
    "no_seccomp": ("containers without RuntimeDefault/Localhost seccomp: {containers}",
                   "seccomp が RuntimeDefault/Localhost でないコンテナ: {containers}"),
    "unconfined_seccomp": ("seccomp Unconfined: {containers}", "seccomp が Unconfined: {containers}"),
    "unconfined_apparmor": ("AppArmor unconfined: {containers}", "AppArmor が unconfined: {containers}"),
    "writable_root": ("containers with a writable root file system: {containers}",
                      "ルートファイルシステムが書き込み可能なコンテナ: {containers}"),
    "proc_mount": ("containers with a non-default procMount: {containers}",
                   "procMount が既定以外のコンテナ: {containers}"),
    "unsafe_sysctls": ("unsafe sysctls: {sysctls}", "安全でない sysctl: {sysctls}"),
    "host_process": ("HostProcess containers: {containers}", "HostProcess コンテナ: {containers}"),
    "volume_types": ("volume types: {volume_types}", "restricted で許可されていないボリューム種別: {volume_types}"),
    "custom_selinux": ("custom SELinux options: {containers}", "独自の SELinux オプション: {containers}"),
})


@workload_check("k8s.pod.no_privileged", Severity.HIGH,
                ("Containers do not run privileged", "特権コンテナを実行していない"),
                ("A privileged container has every capability and full access to the node's devices; it can take over the node.",
                 "特権コンテナはすべてのケーパビリティとノードのデバイスへの完全なアクセス権を持ち、ノードを乗っ取れます。"),
                ("Remove securityContext.privileged: true (or set it to false) on every container.",
                 "すべてのコンテナで securityContext.privileged: true を削除するか false に設定してください。"),
                cis=["5.2.2"], nsa=[ENFORCE])
def no_privileged(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: sc(c).get("privileged") is True)
    return MSG.fail("privileged", containers=bad) if bad else Result.ok()


def _pod_flag(field: str, message: str) -> Callable[[Resource], Result]:
    def evaluate(r: Resource) -> Result:
        return MSG.fail(message, field=field) if pod_spec(r).get(field) is True else Result.ok()
    return evaluate


workload_check("k8s.pod.no_host_network", Severity.HIGH,
               ("Pods do not use the host network", "Pod がホストのネットワークを使用していない"),
               ("hostNetwork gives the pod the node's network stack: it can reach services bound to localhost on the node and sniff traffic.",
                "hostNetwork を使う Pod はノードのネットワークスタックを共有し、ノードの localhost のサービスへの接続や通信の盗聴が可能になります。"),
               ("Remove spec.hostNetwork: true from the pod template.", "Pod テンプレートから spec.hostNetwork: true を削除してください。"),
               cis=["5.2.5"], nsa=[ENFORCE])(_pod_flag("hostNetwork", "host_network"))
workload_check("k8s.pod.no_host_pid", Severity.HIGH,
               ("Pods do not share the host PID namespace", "Pod がホストの PID 名前空間を共有していない"),
               ("hostPID lets containers see and signal every process on the node, and read their environment.",
                "hostPID を使うとコンテナからノード上のすべてのプロセスを参照・シグナル送信でき、その環境変数も読めます。"),
               ("Remove spec.hostPID: true from the pod template.", "Pod テンプレートから spec.hostPID: true を削除してください。"),
               cis=["5.2.3"], nsa=[ENFORCE])(_pod_flag("hostPID", "host_pid"))
workload_check("k8s.pod.no_host_ipc", Severity.HIGH,
               ("Pods do not share the host IPC namespace", "Pod がホストの IPC 名前空間を共有していない"),
               ("hostIPC lets containers read and write the shared memory of every process on the node.",
                "hostIPC を使うとコンテナからノード上のプロセスの共有メモリを読み書きできます。"),
               ("Remove spec.hostIPC: true from the pod template.", "Pod テンプレートから spec.hostIPC: true を削除してください。"),
               cis=["5.2.4"], nsa=[ENFORCE])(_pod_flag("hostIPC", "host_ipc"))


@workload_check("k8s.pod.no_host_path_volumes", Severity.HIGH,
                ("Pods do not mount hostPath volumes", "Pod が hostPath ボリュームをマウントしていない"),
                ("A hostPath volume exposes the node's file system to the container; writable mounts allow escaping to the node.",
                 "hostPath ボリュームはノードのファイルシステムをコンテナに公開し、書き込み可能ならノードへの脱出を許します。"),
                ("Replace hostPath volumes with emptyDir, configMap, secret or persistent volume claims.",
                 "hostPath ボリュームを emptyDir、configMap、secret、PersistentVolumeClaim に置き換えてください。"),
                cis=["5.2.12"], nsa=[ENFORCE])
def no_host_path(r: Resource) -> Result:
    paths = [str((v.get("hostPath") or {}).get("path", "")) for v in pod_spec(r).get("volumes") or () if "hostPath" in v]
    return MSG.fail("host_path", paths=paths) if paths else Result.ok()


@workload_check("k8s.pod.no_container_runtime_socket", Severity.CRITICAL,
                ("Pods do not mount the container runtime socket", "Pod がコンテナランタイムのソケットをマウントしていない"),
                ("Whoever can talk to the docker/containerd/CRI-O socket can start privileged containers on the node: it is root on the node.",
                 "docker/containerd/CRI-O のソケットにアクセスできれば、ノード上で特権コンテナを起動でき、実質的にノードの root 権限を持ちます。"),
                ("Remove the hostPath volume that mounts the runtime socket; use a purpose-built API instead.",
                 "ランタイムのソケットをマウントしている hostPath ボリュームを削除し、専用の API を使ってください。"),
                cis=["5.2.12"], nsa=[ENFORCE])
def no_runtime_socket(r: Resource) -> Result:
    paths = [str((v.get("hostPath") or {}).get("path", "")) for v in pod_spec(r).get("volumes") or () if "hostPath" in v]
    bad = [p for p in paths if any(s in p for s in RUNTIME_SOCKETS)]
    return MSG.fail("runtime_socket", paths=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_host_ports", Severity.MEDIUM,
                ("Containers do not bind host ports", "コンテナがホストのポートを使用していない"),
                ("hostPort publishes a container port on the node's address, bypassing Services and network policies.",
                 "hostPort はコンテナのポートをノードのアドレスで公開し、Service やネットワークポリシーを迂回します。"),
                ("Remove hostPort from container ports; expose the workload through a Service.",
                 "コンテナの ports から hostPort を削除し、Service 経由で公開してください。"),
                cis=["5.2.13"], nsa=[ENFORCE])
def no_host_ports(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: any(p.get("hostPort") for p in c.get("ports") or ()))
    return MSG.fail("host_ports", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.baseline_capabilities_only", Severity.MEDIUM,
                ("Containers add no capabilities beyond the baseline set", "ベースライン以外のケーパビリティを追加していない"),
                ("The Pod Security Standards baseline allows adding only a short list of capabilities (CHOWN, KILL, NET_BIND_SERVICE, …).",
                 "Pod Security Standards の baseline では、追加できるケーパビリティは CHOWN、KILL、NET_BIND_SERVICE などに限られます。"),
                ("Remove capabilities outside the baseline set from securityContext.capabilities.add.",
                 "securityContext.capabilities.add からベースライン外のケーパビリティを削除してください。"),
                cis=["5.2.9"], nsa=[ENFORCE])
def baseline_capabilities(r: Resource) -> Result:
    found = {str(c.get("name", "?")): sorted(capabilities(c, "add") - BASELINE_CAPS) for c in containers(pod_spec(r))}
    bad = {k: v for k, v in found.items() if v}
    if bad:
        return MSG.fail("extra_capabilities", added=bad,
                        per_container="; ".join(f"{k}: {', '.join(v)}" for k, v in bad.items()))
    return Result.ok()


@workload_check("k8s.pod.no_sys_admin_capability", Severity.HIGH,
                ("Containers do not add SYS_ADMIN or ALL capabilities", "SYS_ADMIN や ALL のケーパビリティを追加していない"),
                ("CAP_SYS_ADMIN (or ALL) is nearly equivalent to root on the node: mounts, namespaces, BPF.",
                 "CAP_SYS_ADMIN（または ALL）はマウントや名前空間、BPF を操作でき、ノードの root とほぼ同等です。"),
                ("Remove SYS_ADMIN and ALL from securityContext.capabilities.add.",
                 "securityContext.capabilities.add から SYS_ADMIN と ALL を削除してください。"),
                cis=["5.2.9"], nsa=[ENFORCE])
def no_sys_admin(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: bool(capabilities(c, "add") & {"SYS_ADMIN", "ALL"}))
    return MSG.fail("sys_admin", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.net_raw_dropped", Severity.MEDIUM,
                ("Containers drop the NET_RAW capability", "コンテナが NET_RAW ケーパビリティを削除している"),
                ("NET_RAW is granted by default and allows ARP and DNS spoofing against other pods on the node.",
                 "NET_RAW は既定で付与され、同じノード上の他の Pod に対する ARP・DNS スプーフィングを可能にします。"),
                ("Add NET_RAW (or ALL) to securityContext.capabilities.drop and do not add it back.",
                 "securityContext.capabilities.drop に NET_RAW（または ALL）を追加し、add に含めないでください。"),
                cis=["5.2.8"], nsa=[ENFORCE])
def net_raw_dropped(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: "NET_RAW" in capabilities(c, "add") or "ALL" in capabilities(c, "add")
                    or not (capabilities(c, "drop") & {"NET_RAW", "ALL"}))
    return MSG.fail("net_raw", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.all_capabilities_dropped", Severity.LOW,
                ("Containers drop ALL capabilities (restricted)", "コンテナがすべてのケーパビリティを削除している（restricted）"),
                ("The restricted profile requires dropping ALL capabilities and adding back at most NET_BIND_SERVICE.",
                 "restricted プロファイルでは ALL を削除し、追加は NET_BIND_SERVICE のみに限る必要があります。"),
                ("Set securityContext.capabilities.drop: [ALL] on every container; add back only NET_BIND_SERVICE if needed.",
                 "すべてのコンテナで securityContext.capabilities.drop: [ALL] を設定し、必要な場合のみ NET_BIND_SERVICE を追加してください。"),
                cis=["5.2.10"], nsa=[ENFORCE])
def all_capabilities_dropped(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: "ALL" not in capabilities(c, "drop")
                    or bool(capabilities(c, "add") - {"NET_BIND_SERVICE"}))
    return MSG.fail("not_all_dropped", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_privilege_escalation", Severity.MEDIUM,
                ("Containers disallow privilege escalation", "コンテナが権限昇格を禁止している"),
                ("Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (setuid binaries).",
                 "allowPrivilegeEscalation を false にしない限り、setuid バイナリなどでプロセスが親より強い権限を得られます。"),
                ("Set securityContext.allowPrivilegeEscalation: false on every container.",
                 "すべてのコンテナで securityContext.allowPrivilegeEscalation: false を設定してください。"),
                cis=["5.2.6"], nsa=[ENFORCE])
def no_privilege_escalation(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: sc(c).get("allowPrivilegeEscalation") is not False)
    return MSG.fail("privilege_escalation", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.run_as_non_root", Severity.MEDIUM,
                ("Containers must run as non-root", "コンテナが非 root での実行を強制している"),
                ("runAsNonRoot: true makes the kubelet refuse to start a container whose user is root.",
                 "runAsNonRoot: true を設定すると、root ユーザーで動くコンテナの起動を kubelet が拒否します。"),
                ("Set securityContext.runAsNonRoot: true on the pod (or on every container) and build images with a non-root USER.",
                 "Pod（またはすべてのコンテナ）で securityContext.runAsNonRoot: true を設定し、非 root の USER でイメージをビルドしてください。"),
                cis=["5.2.7"], nsa=["pod-security.non-root"])
def run_as_non_root(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: effective(spec, c, "runAsNonRoot") is not True)
    return MSG.fail("no_run_as_non_root", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_root_user", Severity.HIGH,
                ("Containers do not run as UID 0", "コンテナが UID 0 で実行されていない"),
                ("runAsUser: 0 runs the container's processes as root, which a container escape turns into root on the node.",
                 "runAsUser: 0 はコンテナのプロセスを root で実行し、コンテナ脱出時にはノードの root 権限につながります。"),
                ("Set runAsUser to a non-zero UID (or remove it and use runAsNonRoot: true).",
                 "runAsUser に 0 以外の UID を設定するか、削除して runAsNonRoot: true を使ってください。"),
                cis=["5.2.7"], nsa=["pod-security.non-root"])
def no_root_user(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: effective(spec, c, "runAsUser") == 0)
    if not bad and pod_sc(spec).get("runAsUser") == 0 and not list(containers(spec)):
        bad = ["(pod)"]
    return MSG.fail("root_user", containers=bad) if bad else Result.ok()


def _seccomp_type(spec: Mapping[str, Any], c: Mapping[str, Any]) -> str | None:
    prof = effective(spec, c, "seccompProfile") or {}
    return prof.get("type") if isinstance(prof, dict) else None


@workload_check("k8s.pod.seccomp_profile_set", Severity.MEDIUM,
                ("Containers run with a seccomp profile", "コンテナに seccomp プロファイルが設定されている"),
                ("Without RuntimeDefault (or a Localhost profile) containers may call every system call of the kernel.",
                 "RuntimeDefault（または Localhost プロファイル）がないと、コンテナはカーネルのすべてのシステムコールを呼び出せます。"),
                ("Set securityContext.seccompProfile.type: RuntimeDefault on the pod.",
                 "Pod の securityContext.seccompProfile.type に RuntimeDefault を設定してください。"),
                cis=["5.7.2"], nsa=[ENFORCE])
def seccomp_profile_set(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: _seccomp_type(spec, c) not in ("RuntimeDefault", "Localhost"))
    return MSG.fail("no_seccomp", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_unconfined_seccomp", Severity.HIGH,
                ("No container disables seccomp", "seccomp を無効にしているコンテナがない"),
                ("seccompProfile type Unconfined explicitly switches system-call filtering off (forbidden by the baseline profile).",
                 "seccompProfile の type に Unconfined を指定するとシステムコールのフィルタリングが明示的に無効になります（baseline で禁止）。"),
                ("Remove the Unconfined seccomp profile; use RuntimeDefault.",
                 "Unconfined の seccomp プロファイルを削除し、RuntimeDefault を使ってください。"),
                cis=["5.7.2"], nsa=[ENFORCE])
def no_unconfined_seccomp(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: _seccomp_type(spec, c) == "Unconfined")
    if not bad and (pod_sc(spec).get("seccompProfile") or {}).get("type") == "Unconfined":
        bad = ["(pod)"]
    return MSG.fail("unconfined_seccomp", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_unconfined_apparmor", Severity.MEDIUM,
                ("No container disables AppArmor", "AppArmor を無効にしているコンテナがない"),
                ("An AppArmor profile of unconfined removes the mandatory access control the runtime applies by default.",
                 "AppArmor プロファイルを unconfined にすると、ランタイムが既定で適用する強制アクセス制御が外れます。"),
                ("Remove unconfined AppArmor profiles (appArmorProfile.type or the container.apparmor.security.beta.kubernetes.io annotation).",
                 "unconfined の AppArmor 設定（appArmorProfile.type または container.apparmor.security.beta.kubernetes.io アノテーション）"
                     "を削除してください。"),
                cis=["5.7.3"], nsa=[ENFORCE])
def no_unconfined_apparmor(r: Resource) -> Result:
    meta, spec = template(r)
    bad = [k.rsplit("/", 1)[-1] for k, v in (meta.get("annotations") or {}).items()
           if k.startswith("container.apparmor.security.beta.kubernetes.io/") and v == "unconfined"]
    bad += offenders(spec, lambda c: (effective(spec, c, "appArmorProfile") or {}).get("type") == "Unconfined")
    bad = sorted(set(bad))
    return MSG.fail("unconfined_apparmor", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.read_only_root_filesystem", Severity.LOW,
                ("Containers use a read-only root file system", "コンテナのルートファイルシステムが読み取り専用"),
                ("An immutable root file system stops an intruder from dropping tools or changing binaries inside the container.",
                 "ルートファイルシステムを読み取り専用にすると、侵入者がツールを置いたりバイナリを書き換えたりできなくなります。"),
                ("Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application writes.",
                 "securityContext.readOnlyRootFilesystem: true を設定し、書き込みが必要な場所には emptyDir をマウントしてください。"),
                cis=["5.7.3"], nsa=["pod-security.immutable-filesystem"])
def read_only_root(r: Resource) -> Result:
    # Init and ephemeral containers run in the pod too: a writable root there is as usable to an intruder.
    bad = offenders(pod_spec(r), lambda c: sc(c).get("readOnlyRootFilesystem") is not True)
    return MSG.fail("writable_root", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.default_proc_mount", Severity.MEDIUM,
                ("Containers use the default /proc mount", "コンテナが既定の /proc マウントを使用している"),
                ("procMount: Unmasked exposes kernel interfaces under /proc that the runtime normally masks.",
                 "procMount: Unmasked は、通常ランタイムが隠している /proc 配下のカーネルインターフェースを公開します。"),
                ("Remove procMount or set it to Default.", "procMount を削除するか Default に設定してください。"),
                cis=["5.7.3"], nsa=[ENFORCE])
def default_proc_mount(r: Resource) -> Result:
    bad = offenders(pod_spec(r), lambda c: sc(c).get("procMount") not in (None, "Default"))
    return MSG.fail("proc_mount", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.safe_sysctls_only", Severity.MEDIUM,
                ("Pods set only safe sysctls", "Pod が安全な sysctl のみを設定している"),
                ("Unsafe sysctls change kernel settings shared with every other pod on the node.",
                 "安全でない sysctl は、同じノード上の他の Pod と共有するカーネル設定を変更します。"),
                ("Remove sysctls outside the safe set from securityContext.sysctls.",
                 "securityContext.sysctls から安全なセット以外の sysctl を削除してください。"),
                cis=["5.7.3"], nsa=[ENFORCE])
def safe_sysctls(r: Resource) -> Result:
    bad = [str(s.get("name")) for s in pod_sc(pod_spec(r)).get("sysctls") or () if s.get("name") not in SAFE_SYSCTLS]
    return MSG.fail("unsafe_sysctls", sysctls=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_windows_host_process", Severity.HIGH,
                ("Pods are not Windows HostProcess containers", "Pod が Windows HostProcess コンテナではない"),
                ("A Windows HostProcess container runs directly on the host with the host's privileges.",
                 "Windows HostProcess コンテナはホスト上で直接、ホストの権限で実行されます。"),
                ("Remove windowsOptions.hostProcess: true.", "windowsOptions.hostProcess: true を削除してください。"),
                cis=["5.2.11"], nsa=[ENFORCE])
def no_windows_host_process(r: Resource) -> Result:
    spec = pod_spec(r)
    bad = offenders(spec, lambda c: (effective(spec, c, "windowsOptions") or {}).get("hostProcess") is True)
    if not bad and (pod_sc(spec).get("windowsOptions") or {}).get("hostProcess") is True:
        bad = ["(pod)"]
    return MSG.fail("host_process", containers=bad) if bad else Result.ok()


@workload_check("k8s.pod.restricted_volume_types", Severity.LOW,
                ("Pods use only restricted-profile volume types", "Pod が restricted で許可されたボリューム種別のみを使用している"),
                ("The restricted profile allows configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes only.",
                 "restricted プロファイルで許可されるボリュームは configMap、csi、downwardAPI、emptyDir、ephemeral、persistentVolumeClaim、projected、secret "
                     "のみです。"),
                ("Replace other volume types with a persistent volume claim or one of the allowed types.",
                 "その他のボリューム種別は PersistentVolumeClaim などの許可された種別に置き換えてください。"),
                cis=["5.7.3"], nsa=[ENFORCE])
def restricted_volumes(r: Resource) -> Result:
    bad = sorted({k for v in pod_spec(r).get("volumes") or () for k in v if k != "name" and k not in RESTRICTED_VOLUMES})
    return MSG.fail("volume_types", volume_types=bad) if bad else Result.ok()


@workload_check("k8s.pod.no_custom_selinux", Severity.MEDIUM,
                ("Pods do not set custom SELinux users, roles or types", "Pod が独自の SELinux ユーザー・ロール・タイプを設定していない"),
                ("The baseline profile forbids setting the SELinux user or role and allows only the container_* types.",
                 "baseline プロファイルでは SELinux の user や role の設定は禁止され、type は container_* のみ許可されます。"),
                ("Remove seLinuxOptions.user and .role and use a container_t type.",
                 "seLinuxOptions の user と role を削除し、type には container_t を使ってください。"),
                cis=["5.7.3"], nsa=[ENFORCE])
def no_custom_selinux(r: Resource) -> Result:
    spec = pod_spec(r)

    def bad_opts(opts: Any) -> bool:
        opts = opts or {}
        return bool(opts.get("user") or opts.get("role")) or str(opts.get("type") or "") not in SELINUX_TYPES

    bad = offenders(spec, lambda c: bad_opts(sc(c).get("seLinuxOptions")))
    if bad_opts(pod_sc(spec).get("seLinuxOptions")):
        bad.append("(pod)")
    return MSG.fail("custom_selinux", containers=bad) if bad else Result.ok()

"""Checks that the deploy files agree with each other and with Merit (run by scripts/check-deploy.sh).

The Kubernetes schema check (kubernetes-validate --strict) catches a misspelt field; this catches
what a schema cannot: a probe on a path Merit does not serve, a variable Merit does not read, a
user id the image does not run as, an upload limit below Merit's own.
"""

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def text(path):
    return (ROOT / path).read_text(encoding="utf-8")


def known_variables():
    """The variables in the README's configuration table (what Merit reads) plus compose's own."""
    names = set(re.findall(r"^\| `([A-Z_]+)` \|", text("README.md"), re.M))
    check("DATABASE_URL" in names, "README: the configuration table lists no DATABASE_URL")
    return names


def megabytes(value):
    match = re.fullmatch(r"(\d+)([kKmM]?)", value)
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    return number * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def main():
    variables = known_variables()
    served = set(re.findall(r'path = "(/api/health/[a-z]+)"', text("src/web/api/health.rs")))
    check({"/api/health/live", "/api/health/ready"} <= served, f"health routes not found: {served}")
    max_upload = 50 * 1024 * 1024
    check(
        "DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024" in text("src/competitions/validation/mod.rs"),
        "the default upload limit changed: update the proxies' body sizes and this check",
    )
    framing = int(re.search(r"MULTIPART_OVERHEAD: usize = (\d+) \* 1024", text("src/web/api/upload.rs")).group(1)) * 1024
    needed = max_upload + framing

    # --- Dockerfile ---------------------------------------------------------------------------
    dockerfile = text("Dockerfile")
    check("/api/health/live" in dockerfile.split("HEALTHCHECK", 1)[-1].split("\n\n")[0],
          "Dockerfile: HEALTHCHECK does not ask /api/health/live")
    user = re.search(r"^USER (\d+):(\d+)$", dockerfile, re.M)
    check(user is not None, "Dockerfile: USER must be a numeric uid:gid (Kubernetes runAsNonRoot checks it)")
    uid = int(user.group(1)) if user else None
    check(uid != 0, "Dockerfile: runs as root")
    port = re.search(r"^EXPOSE (\d+)$", dockerfile, re.M)
    check(port and f"LEPTOS_SITE_ADDR=0.0.0.0:{port.group(1)}" in dockerfile,
          "Dockerfile: EXPOSE and LEPTOS_SITE_ADDR disagree")
    port = int(port.group(1)) if port else None
    toolchain = re.search(r'channel = "([\d.]+)"', text("rust-toolchain.toml")).group(1)
    check(f"rust:{toolchain}-" in dockerfile, f"Dockerfile: the Rust image is not the pinned {toolchain}")
    for stage in ("runtime-base", "prebuilt", "builder", "runtime"):
        check(re.search(rf"^FROM .* AS {stage}$", dockerfile, re.M), f"Dockerfile: no stage {stage}")
    check(dockerfile.rstrip().split("\nFROM ")[-1].startswith("runtime-base AS runtime"),
          "Dockerfile: the last stage (the default target) must be `runtime`")
    check("Migrate" in text("src/main.rs"), "`merit migrate` (the Job's command) is gone from src/main.rs")

    # --- compose and nginx --------------------------------------------------------------------
    compose = yaml.safe_load(text("compose.yaml"))
    services = compose.get("services", {})
    check(set(services) == {"db", "merit", "nginx"}, f"compose: services {sorted(services)}")
    merit = services.get("merit", {})
    check(merit.get("deploy", {}).get("replicas") == 2, "compose: merit must run 2 replicas")
    check(merit.get("env_file") == ".env", "compose: merit reads its secrets from .env")
    check(str(merit.get("environment", {}).get("MERIT_TRUST_PROXY")) == "1",
          "compose: merit sits behind one proxy (MERIT_TRUST_PROXY=1)")
    check(merit.get("depends_on", {}).get("db", {}).get("condition") == "service_healthy",
          "compose: merit must wait for a healthy database")
    check("healthcheck" in services.get("db", {}), "compose: the database has no healthcheck")
    check(any(v.startswith("pgdata:") for v in services.get("db", {}).get("volumes", [])),
          "compose: the database keeps no volume")
    check(any(v.startswith("./deploy/nginx/merit.conf:") for v in services.get("nginx", {}).get("volumes", [])),
          "compose: nginx does not mount deploy/nginx/merit.conf")
    for name in merit.get("environment", {}):
        check(name in variables, f"compose: {name} is not a variable Merit reads (README table)")
    for line in text("deploy/compose.env.example").splitlines():
        name = line.lstrip("#").split("=", 1)[0].strip()
        if "=" in line and re.fullmatch(r"[A-Z_]+", name) and name != "POSTGRES_PASSWORD":
            check(name in variables, f"compose.env.example: {name} is not a variable Merit reads")

    nginx = text("deploy/nginx/merit.conf")
    body = re.search(r"client_max_body_size (\w+);", nginx)
    size = megabytes(body.group(1)) if body else None
    check(size is not None and needed <= size <= needed + 4 * 1024 * 1024,
          f"nginx: client_max_body_size must leave room for Merit's {needed} bytes (and not much more)")
    for header in ("X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "Host $http_host"):
        check(f"proxy_set_header {header};" in nginx, f"nginx: does not set {header}")
    check(re.search(r"server merit:(\d+) .*# merit-upstream", nginx) and f"merit:{port} " in nginx,
          "nginx: the upstream line (marked merit-upstream) must name merit and the image's port")
    check(re.search(r"listen \d+;\s+# merit-listen", nginx), "nginx: the listen line must carry # merit-listen")

    # --- Kubernetes ---------------------------------------------------------------------------
    kube = ROOT / "deploy/kubernetes"
    kustomization = yaml.safe_load((kube / "kustomization.yaml").read_text())
    listed = set(kustomization.get("resources", []))
    present = {p.name for p in kube.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    check(listed == present, f"kustomization: resources {sorted(listed)} but files {sorted(present)}")
    docs = {}
    for name in sorted(present | {"secret.example.yaml"}):
        for doc in yaml.safe_load_all((kube / name).read_text()):
            docs[doc["kind"]] = doc
    deployment = docs.get("Deployment", {})
    spec = deployment.get("spec", {})
    check(spec.get("replicas") == 2, "deployment: 2 replicas")
    pod = spec.get("template", {}).get("spec", {})
    check(pod.get("securityContext", {}).get("runAsNonRoot") is True, "deployment: runAsNonRoot")
    check(pod.get("securityContext", {}).get("runAsUser") == uid, "deployment: runAsUser is not the image's user")
    job_pod = docs.get("Job", {}).get("spec", {}).get("template", {}).get("spec", {})
    check(job_pod.get("securityContext", {}).get("runAsUser") == uid, "job: runAsUser is not the image's user")
    check(job_pod.get("containers", [{}])[0].get("args") == ["migrate"], "job: must run `merit migrate`")
    container = pod.get("containers", [{}])[0]
    check(container.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/api/health/ready",
          "deployment: readiness must ask /api/health/ready")
    check(container.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/api/health/live",
          "deployment: liveness must ask /api/health/live")
    check([p.get("containerPort") for p in container.get("ports", [])] == [port],
          "deployment: containerPort is not the image's port")
    resources = container.get("resources", {})
    for kind in ("requests", "limits"):
        check({"cpu", "memory"} <= set(resources.get(kind, {})), f"deployment: resources.{kind} needs cpu and memory")
    check(container.get("securityContext", {}).get("readOnlyRootFilesystem") is True,
          "deployment: readOnlyRootFilesystem")
    config = docs.get("ConfigMap", {}).get("data", {})
    secret = docs.get("Secret", {}).get("stringData", {})
    for name in list(config) + list(secret):
        check(name in variables, f"kubernetes: {name} is not a variable Merit reads (README table)")
    check(config.get("LEPTOS_SITE_ADDR") == f"0.0.0.0:{port}", "configmap: LEPTOS_SITE_ADDR is not the image's port")
    check({"DATABASE_URL", "MERIT_SESSION_KEY"} <= set(secret), "secret example: DATABASE_URL and MERIT_SESSION_KEY")
    annotations = docs.get("Ingress", {}).get("metadata", {}).get("annotations", {})
    ingress_size = megabytes(annotations.get("nginx.ingress.kubernetes.io/proxy-body-size", ""))
    check(ingress_size is not None and ingress_size >= needed, "ingress: proxy-body-size below Merit's upload limit")

    for problem in problems:
        print(f"check-deploy: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print("check-deploy: Dockerfile, compose, nginx and Kubernetes manifests agree with Merit")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
#! The container image, exercised here with Debian's podman (runc, host network; there is no
#! registry, so the Debian base image is built with mmdebstrap when podman lacks it):
#!   - builds the `prebuilt` stage of the Dockerfile from the host's release build;
#!   - runs it read-only, as its unprivileged user, against PostgreSQL (database merit_container),
#!     configured by environment variables only, without demo data;
#!   - checks its HEALTHCHECK and readiness, `merit migrate`, `merit admin create` (the first
#!     admin), and then over HTTP: the admin sets a password, adds an employee on a stage and
#!     hands them a link; the employee sets a password, signs in and saves a goal sheet that
#!     meets the stage budget.
#! Prints what it did; exits 1 when a step fails. A few minutes (the first base image ~2 min).
#! Needs target/release/merit and target/site (the test command builds them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\033[1;34m[container]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[container] FAIL: %s\033[0m\n' "$*" >&2; exit 1; }

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# crun fails on this host's cgroups; runc with cgroupfs works. The default process and file
# limits podman asks for are above what this sandbox may grant. Docker image format: OCI
# images carry no HEALTHCHECK.
podman_cmd=(podman --runtime runc --cgroup-manager=cgroupfs)
limits=(--ulimit nofile=20000:20000 --ulimit nproc=4096:4096)

base_image=$(sed -n 's/^ARG DEBIAN_IMAGE=//p' Dockerfile)
if ! "${podman_cmd[@]}" image exists "$base_image"; then
  log "building the base image $base_image with mmdebstrap (no registry here)"
  tmp=$(mktemp -d)
  mmdebstrap --quiet --variant=minbase bookworm "$tmp/rootfs.tar"
  "${podman_cmd[@]}" import "$tmp/rootfs.tar" "$base_image" >/dev/null
  rm -rf "$tmp"
fi

[ -x target/release/merit ] && [ -d target/site ] || die "build first: cargo leptos build --release --precompress"
image=localhost/merit:test
log "podman build --target prebuilt -t $image"
"${podman_cmd[@]}" build --quiet --format docker --network host "${limits[@]}" --target prebuilt -t "$image" . >/dev/null

# shellcheck source=scripts/db.sh
source scripts/db.sh
merit_db_recreate merit_container
port=${MERIT_CONTAINER_PORT:-3120}
base="http://127.0.0.1:$port"
name=merit-container-test
"${podman_cmd[@]}" rm -f "$name" >/dev/null 2>&1 || true
cleanup() {
  "${podman_cmd[@]}" logs "$name" >"$root/target/container.log" 2>&1 || true
  "${podman_cmd[@]}" rm -f "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
env_args=(
  -e DATABASE_URL="$MERIT_PG_URL/merit_container"
  -e MERIT_SESSION_KEY="$(head -c 64 /dev/urandom | base64 -w0)"
  -e LEPTOS_SITE_ADDR="127.0.0.1:$port"
  -e MERIT_PUBLIC_URL="$base"
  -e MERIT_SECURE_COOKIES=0
)
log "podman run --read-only $image (port $port, DATABASE_URL=$MERIT_PG_URL/merit_container)"
"${podman_cmd[@]}" run -d --name "$name" --network host --read-only "${limits[@]}" "${env_args[@]}" "$image" >/dev/null
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base/api/health/ready" && break
  "${podman_cmd[@]}" container exists "$name" || die "the container exited"
  sleep 0.5
done
curl -fs -o /dev/null "$base/api/health/ready" || { "${podman_cmd[@]}" logs "$name" | tail -20; die "not ready in 60 s"; }
user=$("${podman_cmd[@]}" exec "$name" id -u)
log "ready; runs as uid $user, read-only root file system"
[ "$user" != 0 ] || die "the container runs as root"
"${podman_cmd[@]}" healthcheck run "$name" || die "HEALTHCHECK failed"
log "HEALTHCHECK: healthy"
# Read the whole log first: with pipefail, `logs | head | grep -q` fails whenever head or grep
# stops reading before the writer is done (SIGPIPE), which made this check flaky.
logs=$("${podman_cmd[@]}" logs "$name" 2>&1) || die "podman logs failed"
first_lines=$(sed -n '1,3p' <<<"$logs")
[[ $first_lines == *'"level":"INFO"'* ]] || die "production mode does not log JSON lines"

log "merit migrate: $("${podman_cmd[@]}" exec "$name" /app/merit migrate)"
created=$("${podman_cmd[@]}" exec "$name" /app/merit admin create --organization "Container Co" \
  --email ada@container.test --name "Ada Admin")
printf '%s\n' "$created" | sed 's/token=.*/token=…/; s/^/  /'
admin_link=$(printf '%s\n' "$created" | grep -o 'http[^ ]*token=[^ ]*')

python3 - "$base" "$admin_link" <<'PY'
import http.client, json, sys, urllib.parse

base, admin_link = sys.argv[1], sys.argv[2]
url = urllib.parse.urlsplit(base)


def call(method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    data = r.read()
    cookie = (r.getheader("Set-Cookie") or "").split(";")[0] or cookie
    return r.status, (json.loads(data) if data.startswith((b"{", b"[")) else data), cookie


def expect(what, status, want, data):
    print(f"  {what}: {status}")
    if status != want:
        raise SystemExit(f"[container] FAIL: {what} answered {status}, not {want}: {str(data)[:300]}")


def token(link):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]


status, data, admin = call("POST", "/api/v1/auth/set-password", {"token": token(admin_link), "password": "correct horse battery"})
expect("the admin sets a password with the link (signed in)", status, 200, data)
status, data, _ = call("GET", "/api/v1/stages", cookie=admin)
expect("GET /api/v1/stages", status, 200, data)
stage = next(s for s in data["items"] if s["number"] == 4)
status, data, _ = call("POST", "/api/v1/users", {"email": "eve@container.test", "displayName": "Eve Employee",
                                                  "role": "employee", "stageId": stage["id"]}, admin)
expect("the admin adds an employee on stage 4", status, 201, data)
status, data, _ = call("POST", f"/api/v1/users/{data['id']}/password-link", {}, admin)
expect("the admin makes the employee's set-password link", status, 201, data)
status, data, _ = call("POST", "/api/v1/auth/set-password", {"token": token(data["url"]), "password": "another long password"})
expect("the employee sets a password", status, 200, data)
status, data, eve = call("POST", "/api/v1/auth/login", {"email": "eve@container.test", "password": "another long password"})
expect("the employee signs in", status, 200, data)
goals = [{"category": c, "title": f"{c} goal", "description": "", "measure": "", "weight": stage[f"{c}Weight"]}
         for c in ("quantitative", "qualitative", "competency") if stage[f"{c}Weight"] > 0]
status, data, _ = call("PUT", "/api/v1/goal-sheets/current", {"goals": goals}, eve)
expect(f"the employee saves a goal sheet ({', '.join(str(g['weight']) for g in goals)})", status, 200, data)
status, data, _ = call("GET", "/api/v1/goal-sheets/current", cookie=eve)
expect("the saved sheet reads back", status, 200, data)
if len(data["goals"]) != len(goals):
    raise SystemExit(f"[container] FAIL: {len(data['goals'])} goals read back, {len(goals)} saved")
status, data, _ = call("GET", "/login")
expect("the sign-in page (with the built CSS and wasm)", status, 200, data)
page = data.decode()
for asset in ("/pkg/merit.", ".css", ".wasm"):
    if asset not in page:
        raise SystemExit(f"[container] FAIL: the sign-in page names no {asset}")
css = page.split('href="/pkg/merit.')[1].split('"')[0]
status, data, _ = call("GET", f"/pkg/merit.{css}")
expect(f"the stylesheet /pkg/merit.{css}", status, 200, data)
PY
log "image $(${podman_cmd[@]} image inspect "$image" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }'); passed"

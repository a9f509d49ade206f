set -euo pipefail
docker build --quiet --tag {{image}} - >/dev/null <<'INFRA_DOCKERFILE'
{{dockerfile}}INFRA_DOCKERFILE
{{install}}

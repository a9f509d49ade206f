set -eu
{{run}}

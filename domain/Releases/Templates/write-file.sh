tmp="$(mktemp {{path}}.XXXXXX)"
cat > "$tmp" <<'{{end}}'
{{content}}
{{end}}
chmod {{mode}} "$tmp"
mv -f "$tmp" {{path}}

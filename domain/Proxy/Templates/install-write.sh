write {{path}} {{mode}} <<'{{end}}'
{{content}}
{{end}}

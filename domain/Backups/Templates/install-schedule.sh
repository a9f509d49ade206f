systemctl daemon-reload
{{enableTimers}}

systemctl enable --now {{timer}}

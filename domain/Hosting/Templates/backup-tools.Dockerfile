FROM {{helperImage}}
COPY --from={{resticImage}} {{resticPath}} /usr/local/bin/restic
COPY --from={{dockerCliImage}} {{dockerCliPath}} /usr/local/bin/docker

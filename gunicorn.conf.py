"""gunicorn's settings for `make prod` (ops/run-production.sh); gunicorn reads
this file from the working directory. Each value can be set through the
environment named beside it."""
import os

# nginx in front speaks to this address; keep it on the loopback unless a
# load balancer on another host must reach gunicorn directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual sizing for synchronous workers: two per core, plus one. The cores
# are those this process may run on (a container's or a cpuset's share, not
# the host's). Each worker keeps one PostgreSQL connection: web hosts ×
# workers + Celery processes must stay under the server's max_connections.
workers = int(os.environ.get("GUNICORN_WORKERS", str(len(os.sched_getaffinity(0)) * 2 + 1)))
# Exports of many rows and the Excel import take seconds, not minutes.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that memory a long run
# gathers (fragmentation, caches) is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# gunicorn itself believes no X-Forwarded-* header: whether a request came
# over HTTPS and from which address is Django's decision alone, made by
# DJANGO_PROXY_COUNT, so that there is one switch and not two to keep in step.
forwarded_allow_ips = ""
# Both logs to standard output/error, for the process manager to keep.
accesslog = "-"
# The client's address as nginx passed it, beside the proxy's own.
access_log_format = '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The heartbeat files live in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
pidfile = os.environ.get("GUNICORN_PIDFILE") or None

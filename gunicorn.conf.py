"""gunicorn's settings for `make prod` (ops/run-production.sh); gunicorn reads
this file from the working directory. Each value can be set through the
environment named beside it."""
import multiprocessing
import os

# nginx in front speaks to this address; keep it on the loopback unless a
# load balancer on another host must reach gunicorn directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual sizing for synchronous workers: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# Exports of many rows and the Excel import take seconds, not minutes.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that memory a long run
# gathers (fragmentation, caches) is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxies whose X-Forwarded-* headers gunicorn believes (nginx on the
# same host); Django's own trust is DJANGO_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Both logs to standard output/error, for the process manager to keep.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The heartbeat files live in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
pidfile = os.environ.get("GUNICORN_PIDFILE") or None

#!/usr/bin/env python3
"""Load test: virtual staff users working in devzone at once (issue #7).

Each virtual user logs in through the login form, then requests pages back
to back (no think time), choosing by weight among the project list
(``/projects/``), a project's page (``/projects/<pk>/``), its zone's
dashboard (``/dashboards/?zone=<pk>``) and posting a progress report
(``/projects/<pk>/reports/add/``). After the given duration it prints
requests per second, p50/p95/p99 latency overall and per page, the errors
(with the first few), the memory of the gunicorn master and workers before,
at peak and after, and one line of JSON last. It exits 1 when there was any
error, 2 when it refused to run.

What counts as an error: a page that does not answer 200, a report post that
does not redirect to its project's page (a form shown again with an error
answers 200, and is an error here), a login that does not redirect away from
the login page, and any connection failure or timeout.

Only the loopback is ever aimed at (127.0.0.1, localhost, ::1): a load test
of someone else's server is an attack, and one of a production server would
write reports into real data. The accounts, their password and what each
one requests come from ``manage.py loadtest_accounts --output FILE`` (run it
before every run: it also tells each user which report periods are free).

Two ways to run it:

    # against a server already running on the loopback
    ops/loadtest.py --url http://127.0.0.1:8000 --accounts FILE [--pidfile gunicorn.pid]
    # `make loadtest`: migrate, make the data set and accounts, start
    # ops/run-production.sh on a free loopback port over plain HTTP, wait for
    # /healthz, run, stop the stack (DATABASE_URL must name PostgreSQL; the
    # virtualenv's Python, which runs manage.py)
    .venv/bin/python ops/loadtest.py --serve --users 50 --duration 60

Logins go first, four at a time, before the clock starts (each hashes a
password for a third of a second). With no think time the users form a
closed loop: once the workers are saturated every request waits behind the
others, so latency approaches users ÷ throughput; a run with one user gives
the pages' own times.

Standard library only (threads and http.client), so that it adds no
dependency; Python's threads are plenty to keep a few gunicorn workers busy,
and the client's own time is part of every figure, as a browser's would be.
"""
import argparse
import datetime
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
PAGES = ("list", "detail", "dashboard", "report")
DEFAULT_WEIGHTS = "list=40,detail=30,dashboard=20,report=10"
ERRORS_SHOWN = 5
LOGINS_AT_ONCE = 4
LOGIN_PATH = "/accounts/login/"
ROOT = Path(__file__).resolve().parent.parent


class Refused(Exception):
    """A setting the load test will not run with; the message says why."""


# -- pure parts (tested in tests/devzone/test_loadtest.py) ---------------------


def loopback_address(url):
    """(host, port) of an http:// URL on the loopback; Refused otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise Refused(f"{url}: only plain http:// on the loopback (run the stack with DJANGO_HTTPS=0).")
    host = parts.hostname or ""
    if host not in LOOPBACK_HOSTS:
        raise Refused(
            f"{url}: the load test aims only at this machine's loopback "
            f"({', '.join(sorted(LOOPBACK_HOSTS))}), never at another host."
        )
    if parts.path not in ("", "/") or parts.query:
        raise Refused(f"{url}: give the server's root, without a path.")
    return host, parts.port or 80


def percentile(values, p):
    """The p-th percentile (0-100) of ``values``, interpolating linearly
    between the two nearest ranks (numpy's default, and
    ``statistics.quantiles(method="inclusive")``); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def parse_weights(text):
    """``list=40,detail=30,...`` to a dict over PAGES (missing pages weigh 0)."""
    weights = dict.fromkeys(PAGES, 0)
    for item in text.split(","):
        name, _, value = item.partition("=")
        name = name.strip()
        if name not in weights:
            raise Refused(f"Unknown page {name!r} in the weights; the pages are {', '.join(PAGES)}.")
        try:
            weights[name] = float(value)
        except ValueError:
            raise Refused(f"The weight of {name} must be a number, not {value!r}.") from None
        if weights[name] < 0:
            raise Refused(f"The weight of {name} cannot be negative.")
    if not sum(weights.values()):
        raise Refused("At least one page needs a weight above 0.")
    return weights


def summarize(seconds):
    """count, p50, p95, p99 and max of latencies given in seconds, in ms."""
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50_ms": _round(percentile(ms, 50)),
        "p95_ms": _round(percentile(ms, 95)),
        "p99_ms": _round(percentile(ms, 99)),
        "max_ms": _round(max(ms) if ms else None),
    }


def _round(value):
    return None if value is None else round(value, 1)


# -- the server's memory ------------------------------------------------------


def rss_kib(pid):
    """Resident memory of a process in KiB, from /proc; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return 0  # a zombie has no VmRSS line


def children(pid):
    """The direct children of a process (of every one of its threads)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found.extend(int(child) for child in file.read().split())
        except FileNotFoundError:
            continue
    return sorted(set(found))


def gunicorn_memory(pidfile):
    """The master's and its workers' resident memory, summed; None when the
    pid file or the process is missing."""
    try:
        master = int(Path(pidfile).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    master_rss = rss_kib(master)
    if master_rss is None:
        return None
    workers = {pid: rss_kib(pid) for pid in children(master)}
    workers = {pid: rss for pid, rss in workers.items() if rss is not None}
    return {"master": master, "workers": sorted(workers), "rss_kib": master_rss + sum(workers.values())}


class MemorySampler(threading.Thread):
    """Samples the gunicorn processes' memory twice a second during the run,
    for the peak and the workers seen (gunicorn replaces a worker after
    max_requests requests, so the set changes under load)."""

    def __init__(self, pidfile):
        super().__init__(daemon=True)
        self.pidfile = pidfile
        self.peak_kib = 0
        self.workers_seen = set()
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.5):
            self.sample()

    def sample(self):
        memory = gunicorn_memory(self.pidfile)
        if memory:
            self.peak_kib = max(self.peak_kib, memory["rss_kib"])
            self.workers_seen.update(memory["workers"])
        return memory


# -- one virtual user ----------------------------------------------------------


class HttpSession:
    """One browser: a connection to the server and its cookies."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.connection = None

    def request(self, method, path, form=None):
        """Send one request; return (status, headers, body text, seconds)."""
        headers = {"User-Agent": "devzone-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except Exception:
            self.close()
            raise
        seconds = time.perf_counter() - started
        # gunicorn's sync workers close every connection after the response.
        if response.will_close:
            self.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text, seconds

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool


@dataclass
class VirtualUser:
    index: int
    account: dict
    password: str
    host: str
    port: int
    weights: dict
    seed: int
    timeout: float
    samples: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    login_seconds: float = None
    logged_in: bool = False

    def __post_init__(self):
        self.session = HttpSession(self.host, self.port, self.timeout)
        self.rng = random.Random(f"{self.seed}-{self.index}")
        self.reports_posted = 0

    def error(self, page, path, status, detail):
        self.errors.append({"user": self.account["username"], "page": page, "path": path, "status": status,
                            "detail": detail[:300]})

    def login(self):
        """Log in through the form, as a browser does; True on success."""
        started = time.perf_counter()
        try:
            status, _, body, _ = self.session.request("GET", LOGIN_PATH)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if status != 200 or not token:
                self.error("login", LOGIN_PATH, status, "no login form with a CSRF token")
                return False
            form = {"csrfmiddlewaretoken": token.group(1), "username": self.account["username"],
                    "password": self.password}
            status, headers, body, _ = self.session.request("POST", LOGIN_PATH, form)
        except Exception as exc:  # noqa: BLE001 - every failure is an error to report
            self.error("login", LOGIN_PATH, None, f"{type(exc).__name__}: {exc}")
            return False
        location = headers.get("Location", "")
        if status != 302 or urlsplit(location).path.startswith(LOGIN_PATH):
            self.error("login", LOGIN_PATH, status, page_message(body) or f"redirected to {location!r}")
            return False
        self.login_seconds = time.perf_counter() - started
        self.logged_in = True
        return True

    def next_request(self):
        """(page, method, path, form, expected redirect path or None)."""
        page = self.rng.choices(PAGES, weights=[self.weights[p] for p in PAGES])[0]
        account = self.account
        if page == "list":
            return page, "GET", "/projects/", None, None
        if page == "detail":
            return page, "GET", f"/projects/{self.rng.choice(account['projects'])}/", None, None
        if page == "dashboard":
            return page, "GET", f"/dashboards/?zone={account['zone']}", None, None
        # A one-day period no report of the project holds yet (see
        # loadtest_accounts): its reports take turns, each going back a day.
        reports = account["reports"]
        target = reports[self.reports_posted % len(reports)]
        back = self.reports_posted // len(reports) + 1
        day = datetime.date.fromisoformat(target["before"]) - datetime.timedelta(days=back)
        self.reports_posted += 1
        form = {
            "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""),
            "period_start": day.isoformat(),
            "period_end": day.isoformat(),
            "investment_completed": f"{self.rng.randint(100, 50000) / 100:.2f}",
            "funds_in_place": f"{self.rng.randint(0, 30000) / 100:.2f}",
            "stage": target["stage"],
            "problems": "",
            "reason": "",
        }
        project_path = f"/projects/{target['project']}/"
        return page, "POST", f"{project_path}reports/add/", form, project_path

    def work(self, deadline, max_requests=None):
        """Request pages back to back until the deadline (or max_requests)."""
        while time.perf_counter() < deadline and (max_requests is None or len(self.samples) < max_requests):
            page, method, path, form, redirect = self.next_request()
            try:
                status, headers, body, seconds = self.session.request(method, path, form)
            except Exception as exc:  # noqa: BLE001 - every failure is an error to report
                self.error(page, path, None, f"{type(exc).__name__}: {exc}")
                continue
            location = urlsplit(headers.get("Location", "")).path
            if redirect is None:
                ok = status == 200
                detail = f"redirected to {location}" if status in (301, 302) else page_message(body)
            else:
                ok = status == 302 and location == redirect
                detail = page_message(body) if status == 200 else f"status {status}, location {location!r}"
            self.samples.append(Sample(page, seconds, ok))
            if not ok:
                self.error(page, path, status, detail)


def page_message(body):
    """A form's errors or else the page's title, for an error's report."""
    for pattern in (
        r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>',
        r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>',
        r"<title>(.*?)</title>",
    ):
        found = re.search(pattern, body, re.S)
        if found:
            return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())
    return body[:200]


# -- the run -------------------------------------------------------------------


def run_load(*, url, plan, users, duration, weights, seed=1, timeout=30.0, pidfile=None, max_requests=None,
             progress=None):
    """Log ``users`` virtual users in, let them work for ``duration`` seconds
    (or ``max_requests`` each) and return the figures as a dict."""
    host, port = loopback_address(url)
    accounts = plan["accounts"]
    if users > len(accounts):
        raise Refused(
            f"{users} users but {len(accounts)} accounts: run `manage.py loadtest_accounts --users {users}` first "
            "(each virtual user needs an account and report periods of its own)."
        )
    vusers = [
        VirtualUser(index=i, account=accounts[i], password=plan["password"], host=host, port=port, weights=weights,
                    seed=seed, timeout=timeout)
        for i in range(users)
    ]
    sampler = MemorySampler(pidfile) if pidfile else None
    memory_before = sampler.sample() if sampler else None

    go = threading.Event()
    deadline = [0.0]
    logged_in = threading.Barrier(users + 1)

    # A few logins at a time: each hashes its password for a third of a
    # second, and fifty at once would queue past the request timeout.
    login_slots = threading.Semaphore(LOGINS_AT_ONCE)

    def virtual_user(vuser):
        try:
            with login_slots:
                vuser.login()
        except Exception as exc:  # noqa: BLE001 - reported, and the others go on
            vuser.error("login", LOGIN_PATH, None, f"{type(exc).__name__}: {exc}")
        logged_in.wait()
        go.wait()
        if vuser.logged_in:
            vuser.work(deadline[0], max_requests)
        vuser.session.close()

    threads = [threading.Thread(target=virtual_user, args=(v,), daemon=True) for v in vusers]
    login_started = time.perf_counter()
    for thread in threads:
        thread.start()
    # Logins are done before the clock starts: fifty password hashes in a
    # row are a burst no working day has, and would weigh on the first seconds.
    logged_in.wait()
    login_elapsed = time.perf_counter() - login_started
    if sampler:
        sampler.start()
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    started = time.perf_counter()
    deadline[0] = started + duration
    go.set()
    next_progress = started + 10
    while alive := [thread for thread in threads if thread.is_alive()]:
        alive[0].join(timeout=max(0.1, next_progress - time.perf_counter()))
        if time.perf_counter() >= next_progress:
            next_progress += 10
            if progress:
                done = sum(len(v.samples) for v in vusers)
                errors = sum(len(v.errors) for v in vusers)
                progress(f"{time.perf_counter() - started:5.0f} s: {done} requests, {errors} errors")
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_before
    memory_after = sampler.sample() if sampler else None
    if sampler:
        sampler.done.set()

    samples = [s for v in vusers for s in v.samples]
    errors = [e for v in vusers for e in v.errors]
    pages = {}
    for page in PAGES:
        seconds = [s.seconds for s in samples if s.page == page]
        if seconds:
            pages[page] = {**summarize(seconds), "rps": round(len(seconds) / elapsed, 1)}
    login_seconds = [v.login_seconds for v in vusers if v.login_seconds is not None]
    result = {
        "url": url,
        "users": users,
        "duration_s": round(elapsed, 1),
        "weights": weights,
        "requests": len(samples),
        "rps": round(len(samples) / elapsed, 1) if elapsed else None,
        "errors": len(errors),
        "error_samples": errors[:ERRORS_SHOWN],
        "latency": {"all": summarize([s.seconds for s in samples]), **pages},
        "logins": {"ok": len(login_seconds), "failed": users - len(login_seconds),
                   "elapsed_s": round(login_elapsed, 1), **summarize(login_seconds)},
        "reports_posted": sum(1 for s in samples if s.page == "report" and s.ok),
        "data": plan.get("data"),
        # The client shares the machine with the server: its own CPU time and
        # the machine's load (the stack's included; anything above it is
        # someone else's) qualify every figure above.
        "client_cpu_s": round(client_cpu, 1),
        "cpus": os.cpu_count(),
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "memory": None,
    }
    if memory_before and memory_after:
        result["memory"] = {
            "before_mib": round(memory_before["rss_kib"] / 1024, 1),
            "peak_mib": round(max(sampler.peak_kib, memory_after["rss_kib"]) / 1024, 1),
            "after_mib": round(memory_after["rss_kib"] / 1024, 1),
            "workers_before": len(memory_before["workers"]),
            "workers_after": len(memory_after["workers"]),
            "workers_seen": len(sampler.workers_seen | set(memory_before["workers"])),
        }
    return result


def report_lines(result):
    """The human-readable report; the caller prints the JSON line after it."""
    lines = [
        f"Load test of {result['url']}: {result['users']} users, {result['duration_s']} s, no think time, "
        f"weights {', '.join(f'{p} {w:g}' for p, w in result['weights'].items())}",
        f"logins: {result['logins']['ok']} ok, {result['logins']['failed']} failed in "
        f"{result['logins']['elapsed_s']} s (before the clock started; p50 {result['logins']['p50_ms']} ms)",
        f"requests: {result['requests']} = {result['rps']} requests/s; errors: {result['errors']}; "
        f"progress reports saved: {result['reports_posted']}",
        f"this client used {result['client_cpu_s']} CPU-seconds of the {result['cpus']} CPUs; 1-minute load average "
        f"{result['load_average_1min'][0]} at the start, {result['load_average_1min'][1]} at the end",
        "",
        f"{'page':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    for page, row in result["latency"].items():
        rps = result["rps"] if page == "all" else row["rps"]
        lines.append(
            f"{page:<10} {row['count']:>8} {rps if rps is not None else '-':>7} {row['p50_ms'] or '-':>8} "
            f"{row['p95_ms'] or '-':>8} {row['p99_ms'] or '-':>8} {row['max_ms'] or '-':>8}"
        )
    memory = result["memory"]
    if memory:
        lines += [
            "",
            f"gunicorn memory (master + workers, RSS): before {memory['before_mib']} MiB "
            f"({memory['workers_before']} workers), peak {memory['peak_mib']} MiB, after {memory['after_mib']} MiB "
            f"({memory['workers_after']} workers; {memory['workers_seen']} worker processes seen during the run, "
            "gunicorn replacing a worker after max_requests requests)",
        ]
    if result["errors"]:
        lines += ["", f"first {len(result['error_samples'])} of {result['errors']} errors:"]
        lines += [
            f"  {e['user']} {e['page']} {e['path']}: {e['status']} {e['detail']}" for e in result["error_samples"]
        ]
    return lines


# -- --serve: the production stack on this machine ------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_taken(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def healthz(host, port, timeout=5.0):
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def wait_healthy(host, port, *, pidfile, stack, timeout, log):
    """Wait until our own gunicorn wrote its pid file and /healthz answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack is not None and stack.poll() is not None:
            raise Refused(f"the production stack stopped (status {stack.returncode}); see {log}:\n{tail(log)}")
        if (pidfile is None or Path(pidfile).exists()) and healthz(host, port) == 200:
            return
        time.sleep(0.5)
    raise Refused(f"/healthz did not answer 200 within {timeout:.0f} s; see {log}:\n{tail(log)}")


def tail(path, lines=20):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def stop_stack(stack):
    """SIGTERM to run-production.sh, which stops gunicorn, the worker and beat;
    SIGKILL to the session we started it in if it has not stopped in a minute."""
    if stack.poll() is not None:
        return
    stack.send_signal(signal.SIGTERM)
    try:
        stack.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(stack.pid, signal.SIGKILL)
        stack.wait()


def serve(args, say):
    """`make loadtest`: data set, accounts, the stack, the run, the stop."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        raise Refused(
            "--serve needs DATABASE_URL naming a PostgreSQL database of its own, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_load"
        )
    port = args.port or free_port()
    if port_taken(port):
        raise Refused(f"port {port} is in use: the load test would reach another server.")
    run_dir = Path(tempfile.mkdtemp(prefix="devzone-loadtest-"))
    accounts = run_dir / "accounts.json"
    pidfile = run_dir / "gunicorn.pid"
    log = run_dir / "server.log"
    # As `make run` does: development unless the environment says otherwise
    # (loadtest_accounts refuses with DEBUG off).
    dev_env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG") or "1"}
    manage = [sys.executable, "manage.py"]
    build_options = [
        f"--{name}={value}" for name in ("zones", "projects", "reports") if (value := getattr(args, name)) is not None
    ]
    subprocess.run([*manage, "migrate", "--no-input", "--verbosity", "0"], cwd=ROOT, env=dev_env, check=True)
    subprocess.run(
        [*manage, "loadtest_accounts", "--users", str(args.users), "--output", str(accounts), *build_options],
        cwd=ROOT, env=dev_env, check=True,
    )
    stack_env = {
        **os.environ,
        "DJANGO_HTTPS": "0",
        # A throwaway key: the sessions it signs end with the run.
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # A Redis database of its own, away from a developer's queue.
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/14",
        # collectstatic writes here rather than into the checkout's staticfiles/.
        "DJANGO_STATIC_ROOT": str(run_dir / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_PIDFILE": str(pidfile),
    }
    # SIGTERM (a CI job cancelled, say) unwinds like Ctrl-C, so that the
    # stack below is stopped rather than left running in its own session.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    say(f"Starting ops/run-production.sh on 127.0.0.1:{port} (DJANGO_HTTPS=0; log {log}) ...")
    with open(log, "wb") as log_file:
        stack = subprocess.Popen(
            [str(ROOT / "ops" / "run-production.sh")], cwd=ROOT, env=stack_env, stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_healthy("127.0.0.1", port, pidfile=pidfile, stack=stack, timeout=args.wait or 180, log=log)
        say("/healthz answers 200; logging the users in ...")
        plan = json.loads(accounts.read_text())
        return run_load(
            url=f"http://127.0.0.1:{port}", plan=plan, users=args.users, duration=args.duration,
            weights=args.weights, seed=args.seed, timeout=args.timeout, pidfile=pidfile, progress=say,
        )
    finally:
        say("Stopping the production stack ...")
        stop_stack(stack)
        accounts.unlink(missing_ok=True)
        shutil.rmtree(run_dir / "static", ignore_errors=True)
        say(f"Stopped; the server's log stays in {log}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See the module docstring.")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="The server (loopback only).")
    parser.add_argument("--accounts", type=Path, help="The file `manage.py loadtest_accounts --output` wrote.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of load (default 60).")
    parser.add_argument("--weights", default=DEFAULT_WEIGHTS, help=f"Page weights (default {DEFAULT_WEIGHTS}).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the users' choices.")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds before a request counts as failed.")
    parser.add_argument("--pidfile", type=Path, help="gunicorn's pid file, for the memory figures.")
    parser.add_argument("--wait", type=float, default=0, help="Wait up to this many seconds for /healthz first.")
    parser.add_argument("--serve", action="store_true",
                        help="Start ops/run-production.sh on a free loopback port first and stop it after.")
    parser.add_argument("--port", type=int, help="With --serve: the port (default: a free one).")
    for name, default in (("zones", 30), ("projects", 5000), ("reports", 50000)):
        parser.add_argument(f"--{name}", type=int, help=f"With --serve: generated {name} wanted (default {default}).")
    args = parser.parse_args(argv)

    def say(message):
        print(message, file=sys.stderr, flush=True)

    try:
        args.weights = parse_weights(args.weights)
        if args.users < 1 or args.duration <= 0:
            raise Refused("Give at least one user and a positive duration.")
        if args.serve:
            result = serve(args, say)
        else:
            host, port = loopback_address(args.url)
            if args.accounts is None:
                raise Refused("Give --accounts FILE (written by `manage.py loadtest_accounts --output FILE`).")
            plan = json.loads(args.accounts.read_text())
            if args.wait:
                wait_healthy(host, port, pidfile=None, stack=None, timeout=args.wait, log="the server's log")
            result = run_load(
                url=args.url, plan=plan, users=args.users, duration=args.duration, weights=args.weights,
                seed=args.seed, timeout=args.timeout, pidfile=args.pidfile, progress=say,
            )
    except Refused as refusal:
        print(f"loadtest: {refusal}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("loadtest: interrupted.", file=sys.stderr)
        return 130
    except subprocess.CalledProcessError as failure:
        print(f"loadtest: {' '.join(map(str, failure.cmd[1:3]))} failed (status {failure.returncode}).",
              file=sys.stderr)
        return 2
    print("\n".join(report_lines(result)))
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["errors"] or result["logins"]["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

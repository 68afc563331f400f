"""N dashboard replicas behind HAProxy, on this machine: what `make serve-replicas N=2` runs.

    python -m deploy.replicas --replicas 2 --port 8500 --data /srv/proxyatlas/data

Starts N `streamlit run app.py` processes on 127.0.0.1 (ports --first-port, +1, ...; free ports when 0),
each with one shared cookie secret (STREAMLIT_SERVER_COOKIE_SECRET: a new random one per start unless
PROXYATLAS_COOKIE_SECRET is set) and the data folder mounted read-only inside its own mount namespace
(`unshare --mount`, then a read-only bind mount of the folder onto itself: the replica cannot write a
byte there, while a publish from outside is seen at once). Then HAProxy (deploy/haproxy.cfg, with one
`server` line per replica) on --address:--port. Runs until interrupted; stops everything it started.

The read-only mount needs root (or CAP_SYS_ADMIN); `--writable-data` runs without it where that is
not possible, and says so.

`Deployment` is the same thing as a context manager, for the tests and `python -m bench.load`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Path(__file__).resolve().parent / "haproxy.cfg"
HAPROXY = "haproxy"
COOKIE = "PA_REPLICA"  # the affinity cookie deploy/haproxy.cfg inserts
STARTUP_S = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Replica:
    name: str  # r1, r2, ...: also the value of the affinity cookie
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _wait(check, what: str, process: subprocess.Popen, log: Path, timeout: float = STARTUP_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        if check():
            return
        time.sleep(0.2)  # a process we do not control: nothing to wait on but its answer
    raise RuntimeError(f"{what} not ready within {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def readonly_prefix(data: Path) -> list[str]:
    """The command prefix that runs a command with `data` mounted read-only (its own mount namespace)."""
    return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
            'mount --bind -o ro "$0" "$0" && exec "$@"', str(data)]


def readonly_possible(data: Path) -> bool:
    probe = subprocess.run([*readonly_prefix(data), "true"], capture_output=True)
    return probe.returncode == 0


@dataclass
class Deployment:
    """N replicas and HAProxy in front. Use as a context manager, or start() and stop()."""

    data: Path
    replicas: int = 2
    address: str = "127.0.0.1"
    port: int = 0  # the proxy's; 0 = a free one
    first_port: int = 0  # the replicas'; 0 = free ones
    run_dir: Path | None = None  # logs and the generated haproxy.cfg; a temporary folder when None
    writable_data: bool = False
    app: Path = ROOT / "app.py"  # the script the replicas run (the tests run a copy with a planted page)
    extra_env: dict = field(default_factory=dict)
    members: list[Replica] = field(default_factory=list)
    proxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def start(self) -> "Deployment":
        if shutil.which(HAPROXY) is None:
            raise RuntimeError("haproxy is missing: install Debian's haproxy (make haproxy)")
        self.data = self.data.resolve()
        if not self.writable_data and not readonly_possible(self.data):
            raise RuntimeError(f"cannot mount {self.data} read-only here (needs root or CAP_SYS_ADMIN); "
                               "run with --writable-data to serve it writable")
        if self.run_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="proxyatlas-replicas-")
            self.run_dir = Path(self._tmp.name)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        secret = os.environ.get("PROXYATLAS_COOKIE_SECRET") or secrets.token_urlsafe(32)
        try:
            for i in range(1, self.replicas + 1):
                self.members.append(self._replica(f"r{i}", (self.first_port + i - 1) if self.first_port else free_port(),
                                                  secret))
            for r in self.members:
                _wait(lambda r=r: _healthy(r.url), f"replica {r.name}", r.process, r.log)
            self._proxy()
        except BaseException:
            self.stop()
            raise
        return self

    def _replica(self, name: str, port: int, secret: str) -> Replica:
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.app), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
        if not self.writable_data:
            cmd = readonly_prefix(self.data) + cmd
        env = {**os.environ, "PROXYATLAS_DATA": str(self.data), "STREAMLIT_SERVER_COOKIE_SECRET": secret,
               **self.extra_env}
        log = self.run_dir / f"{name}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(cmd, cwd=self.app.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
        return Replica(name, port, process, log)

    def config(self) -> str:
        """deploy/haproxy.cfg with one server line per replica."""
        lines = [f"    server {r.name} 127.0.0.1:{r.port} check cookie {r.name}" for r in self.members]
        return CONFIG.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"

    def _proxy(self) -> None:
        cfg = self.run_dir / "haproxy.cfg"
        cfg.write_text(self.config(), encoding="utf-8")
        env = {**os.environ, "PROXY_ADDRESS": self.address, "PROXY_PORT": str(self.port)}
        check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(cfg)], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy rejects {cfg}:\n{check.stdout}{check.stderr}")
        log = self.run_dir / "haproxy.log"
        with open(log, "wb") as out:
            self.proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(cfg)], env=env, stdout=out,
                                          stderr=subprocess.STDOUT)
        _wait(lambda: _healthy(self.url), "haproxy", self.proxy, log, timeout=30)

    def replica(self, name: str) -> Replica:
        return next(r for r in self.members if r.name == name)

    def kill(self, name: str) -> None:
        """Kill one replica at once (SIGKILL), as a crash would."""
        r = self.replica(name)
        r.process.kill()
        r.process.wait(timeout=10)

    def stop(self) -> None:
        for p in [self.proxy, *(r.process for r in self.members)]:
            if p is not None and p.poll() is None:
                p.terminate()
        for p in [self.proxy, *(r.process for r in self.members)]:
            if p is None:
                continue
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)

    def __enter__(self) -> "Deployment":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="how many dashboard processes (default 2)")
    parser.add_argument("--address", default="127.0.0.1", help="the proxy's address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8500, help="the proxy's port (default 8500)")
    parser.add_argument("--first-port", type=int, default=8511, help="the first replica's port (default 8511)")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("PROXYATLAS_DATA") or ROOT / "data"),
                        help="the data folder, served read-only (default: PROXYATLAS_DATA, else data/)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "deploy" / "run",
                        help="logs and the generated haproxy.cfg (default deploy/run/, git-ignored)")
    parser.add_argument("--writable-data", action="store_true",
                        help="do not mount the data read-only (where the mount is not allowed)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 16:
        parser.error("--replicas must be 1-16")
    deployment = Deployment(args.data, args.replicas, args.address, args.port, args.first_port, args.run_dir,
                            args.writable_data)
    signal.signal(signal.SIGTERM, _interrupt)
    with deployment:
        print(f"{args.replicas} replica(s) on {', '.join(f'{r.name} {r.url}' for r in deployment.members)}"
              f"{' (data writable)' if args.writable_data else f' (data read-only: {deployment.data})'}")
        print(f"HAProxy on {deployment.url} (config and logs in {deployment.run_dir}); Ctrl-C stops all", flush=True)
        try:
            while deployment.proxy.poll() is None and all(r.process.poll() is None for r in deployment.members):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

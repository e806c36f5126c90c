"""The shipped nginx configuration (deploy/nginx/signage.conf), run for real in front of two
server processes sharing Redis: it is valid, redirects HTTP, terminates TLS so the app sends
HSTS, and carries Socket.IO over WSS and over long-polling (kept on one process by ip_hash).

Only the machine-specific lines change for the test: the listen ports, the certificate paths
and the upstream's servers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio
import urllib3

from tests.realtime_support import wait_for
from tests.support import PASSWORD, ROOT, free_port, live_server, make_screen, make_user, require

SHIPPED = ROOT / "deploy" / "nginx" / "signage.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "signage.example.com")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def _localised(https_port: int, http_port: int, backends: list[str], cert: Path, key: Path) -> str:
    text = SHIPPED.read_text()
    servers = "".join(f"    server {backend};\n" for backend in backends)
    text, upstreams = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+;\n", "", text)
    assert upstreams >= 2, "the shipped upstream lists at least two processes"
    text = text.replace("    ip_hash;\n", "    ip_hash;\n" + servers)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = re.sub(r"listen 443 ssl( http2)?;", rf"listen 127.0.0.1:{https_port} ssl\1;", text)
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", text)
    return re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", text)


def _main_config(directory: Path, site: str) -> Path:
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    main = directory / "nginx.conf"
    main.write_text(
        f"""daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{site}
}}
"""
    )
    return main


@pytest.fixture
def behind_nginx(app, clean_db, database_url: str, redis_url: str, tmp_path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    require(NGINX is not None, "nginx is not installed (apt-get install nginx)")
    tmp_path.chmod(0o755)
    cert, key = _self_signed(tmp_path)
    env = {"REDIS_URL": redis_url, "TRUSTED_PROXIES": "1", "PUBLIC_BASE_URL": "https://signage.example.com"}
    with live_server(database_url, **env) as first, live_server(database_url, **env) as second:
        https_port, http_port = free_port(), free_port()
        backends = [first.removeprefix("http://"), second.removeprefix("http://")]
        config = _main_config(tmp_path, _localised(https_port, http_port, backends, cert, key))
        checked = subprocess.run(
            [NGINX, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        proc = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp_path)])
        base = f"https://127.0.0.1:{https_port}"
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    requests.get(f"{base}/healthz", verify=False, timeout=1)
                    break
                except requests.RequestException:
                    assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                    time.sleep(0.1)
            yield {"base": base, "http": f"http://127.0.0.1:{http_port}", "backends": (first, second)}
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _unverified() -> requests.Session:
    """A session that accepts the test's self-signed certificate."""
    session = requests.Session()
    session.verify = False
    session.trust_env = False  # a CA bundle named in the environment would override verify=False
    return session


@pytest.fixture(autouse=True)
def _quiet_self_signed_warnings() -> None:
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def test_the_shipped_config_serves_tls_hsts_wss_and_long_polling(app, behind_nginx) -> None:  # type: ignore[no-untyped-def]
    # One test, one pair of servers: starting them is most of its time.
    base = behind_nginx["base"]
    health = requests.get(f"{base}/healthz", verify=False, timeout=5)
    assert health.status_code == 200
    assert (
        health.headers["Strict-Transport-Security"] == "max-age=31536000"
    )  # X-Forwarded-Proto reached the app
    redirected = requests.get(f"{behind_nginx['http']}/admin/", allow_redirects=False, timeout=5)
    assert redirected.status_code == 301 and redirected.headers["Location"].startswith("https://")

    make_user(app, "root@example.com", "ADMIN")
    console = _unverified()
    console.headers["Referer"] = f"{base}/admin/"  # a cookie session behind HTTPS checks it
    signed_in = console.post(
        f"{base}/api/auth/login", json={"email": "root@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    console.headers["X-CSRFToken"] = signed_in.json()["csrfToken"]
    screens = [make_screen(app, "Vitrine"), make_screen(app, "Caisse")]
    players = []
    try:
        for screen_id, transports in zip(screens, (["websocket"], ["polling"]), strict=True):
            issued = console.post(f"{base}/api/admin/screens/{screen_id}/activation-token").json()
            assert issued["url"].startswith("https://signage.example.com/")  # PUBLIC_BASE_URL, not the Host
            jwt = requests.post(
                f"{base}/api/player/activate", json={"token": issued["token"]}, verify=False
            ).json()
            player = socketio.Client(reconnection=False, ssl_verify=False, http_session=_unverified())
            received: list[object] = []
            player.on("playlist:reload", received.append)
            player.connect(base, transports=transports, auth={"token": jwt["jwt"]}, wait_timeout=10)
            assert player.transport() == transports[0]
            players.append((screen_id, player, received))
        for screen_id, _player, received in players:
            sent = console.post(
                f"{base}/api/admin/screens/{screen_id}/command", json={"command": "PLAYLIST_RELOAD"}
            )
            assert sent.status_code == 202, sent.text
            assert wait_for(lambda received=received: len(received) == 1, timeout=10), screen_id
    finally:
        for _screen_id, player, _received in players:
            player.disconnect()

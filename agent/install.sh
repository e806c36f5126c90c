#!/bin/sh
# Installs the signage agent and kiosk on a Debian or Ubuntu machine. Idempotent: run it again
# to update the agent or change the server address; the token is kept.
#
#   sudo agent/install.sh --server https://signage.example.com
#
# Options:
#   --server URL     the signage server (required the first time)
#   --token TOKEN    use this agent token instead of generating one (24+ of A-Z a-z 0-9 . _ ~ -)
#   --no-packages    do not apt-get install python3, chromium, cage and polkitd
#   --no-start       install and enable, but do not (re)start the services now
#   --root DIR       write every file under DIR and skip packages, users and systemctl
#                    (to build an image, or to inspect what would be written)
set -eu

SERVER=""
TOKEN=""
PACKAGES=1
START=1
ROOT=""
USER_NAME=signage

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --server) [ $# -ge 2 ] || die "--server needs a URL"; SERVER=$2; shift 2 ;;
        --token) [ $# -ge 2 ] || die "--token needs a value"; TOKEN=$2; shift 2 ;;
        --no-packages) PACKAGES=0; shift ;;
        --no-start) START=0; shift ;;
        --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT=${2%/}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage 1 ;;
    esac
done

HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
CONF="$ROOT/etc/signage-agent.conf"
PREFIX="$ROOT/opt/signage-agent"
UNITS="$ROOT/etc/systemd/system"
LOG="$ROOT/var/log/signage-agent.log"
STAGED=0
[ -n "$ROOT" ] && STAGED=1

if [ "$STAGED" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run it as root (sudo $0 ...)"
fi

case "$SERVER" in
    ""|http://?*|https://?*) ;;
    *) die "--server must start with http:// or https:// (got: $SERVER)" ;;
esac
case "$SERVER" in
    *[[:space:]\"\'\\\$\`]*) die "--server must not contain spaces, quotes, backslashes, \$ or backticks" ;;
esac
SERVER=${SERVER%/}
if [ -n "$TOKEN" ]; then
    if [ "${#TOKEN}" -lt 24 ] || [ -n "$(printf '%s' "$TOKEN" | tr -d 'A-Za-z0-9._~-')" ]; then
        die "--token must be at least 24 characters from A-Z a-z 0-9 . _ ~ -"
    fi
fi

# 1. Packages: Python 3.11+ (the agent uses only its standard library), Chromium, cage, and
#    polkit (logind asks it whether the signage user may reboot).
if [ "$STAGED" = 0 ] && [ "$PACKAGES" = 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends python3 chromium cage polkitd ca-certificates
fi
if [ "$STAGED" = 0 ]; then
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "the agent needs Python 3.11 or later (Debian 12, Ubuntu 24.04)"
fi

# 2. The user that runs both the agent and the kiosk session.
if [ "$STAGED" = 0 ]; then
    if ! id "$USER_NAME" >/dev/null 2>&1; then
        useradd --system --user-group --create-home --home-dir /var/lib/signage \
            --shell /usr/sbin/nologin --comment "Signage kiosk" "$USER_NAME"
    fi
    for group in video render input audio; do
        if getent group "$group" >/dev/null; then
            usermod -a -G "$group" "$USER_NAME"
        fi
    done
fi

# 3. The agent package (replaced whole, so a removed module does not linger).
install -d -m 0755 "$PREFIX"
rm -rf "$PREFIX/agent.new"
install -d -m 0755 "$PREFIX/agent.new"
for module in "$HERE"/*.py; do
    install -m 0644 "$module" "$PREFIX/agent.new/"
done
install -m 0644 "$HERE/signage-agent.conf.example" "$PREFIX/"
rm -rf "$PREFIX/agent"
mv "$PREFIX/agent.new" "$PREFIX/agent"

# 4. The settings: generated once, then only the server address changes.
install -d -m 0755 "$ROOT/etc"
if [ -f "$CONF" ]; then
    if [ -n "$SERVER" ]; then
        if grep -q '^SIGNAGE_SERVER_URL=' "$CONF"; then
            sed -i "s|^SIGNAGE_SERVER_URL=.*|SIGNAGE_SERVER_URL=$SERVER|" "$CONF"
        else
            printf 'SIGNAGE_SERVER_URL=%s\n' "$SERVER" >>"$CONF"
        fi
    fi
    if [ -n "$TOKEN" ]; then
        sed -i "s|^AGENT_TOKEN=.*|AGENT_TOKEN=$TOKEN|" "$CONF"
    fi
else
    [ -n "$SERVER" ] || die "--server is required the first time"
    if [ -z "$TOKEN" ]; then
        TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    fi
    umask 077
    {
        echo "# The signage kiosk's agent and launcher; every setting: /opt/signage-agent/signage-agent.conf.example."
        echo "SIGNAGE_SERVER_URL=$SERVER"
        echo "AGENT_TOKEN=$TOKEN"
        echo "# Under cage, Chromium draws through Wayland."
        echo "KIOSK_FLAGS=--ozone-platform=wayland"
    } >"$CONF"
    umask 022
fi
chmod 0640 "$CONF"

# 5. The log (the agent may write this one file), rotated weekly.
install -d -m 0755 "$ROOT/var/log" "$ROOT/etc/logrotate.d"
[ -f "$LOG" ] || : >"$LOG"
chmod 0640 "$LOG"
cat >"$ROOT/etc/logrotate.d/signage-agent" <<'ROTATE'
/var/log/signage-agent.log {
    weekly
    rotate 8
    compress
    missingok
    notifempty
    copytruncate
}
ROTATE

# 6. Reboot without root: logind asks polkit; allow the signage user to reboot, nothing more.
install -d -m 0755 "$ROOT/etc/polkit-1/rules.d" "$ROOT/etc/polkit-1/localauthority/50-local.d"
cat >"$ROOT/etc/polkit-1/rules.d/50-signage-agent.rules" <<'RULES'
// The signage agent (user signage) may reboot the kiosk through logind.
polkit.addRule(function (action, subject) {
    if (subject.user === "signage" &&
        (action.id === "org.freedesktop.login1.reboot" ||
         action.id === "org.freedesktop.login1.reboot-multiple-sessions")) {
        return polkit.Result.YES;
    }
});
RULES
cat >"$ROOT/etc/polkit-1/localauthority/50-local.d/50-signage-agent.pkla" <<'PKLA'
[Signage agent may reboot]
Identity=unix-user:signage
Action=org.freedesktop.login1.reboot;org.freedesktop.login1.reboot-multiple-sessions
ResultAny=yes
ResultInactive=yes
ResultActive=yes
PKLA

# 7. The kiosk session's PAM stack (a logind session on tty1, so cage may use the display).
install -d -m 0755 "$ROOT/etc/pam.d"
cat >"$ROOT/etc/pam.d/signage-kiosk" <<'PAM'
auth     required pam_unix.so nullok
account  required pam_unix.so
session  required pam_unix.so
session  required pam_systemd.so
PAM

# 8. Chromium's managed policy: the server's pages may call the agent on loopback without the
#    Local Network Access permission prompt that Chromium 142+ would show (no one can click it
#    on a kiosk), and never offer to translate them.
ORIGIN=$(sed -n 's|^SIGNAGE_SERVER_URL=\(https\{0,1\}://[^/]*\).*|\1|p' "$CONF")
install -d -m 0755 "$ROOT/etc/chromium/policies/managed"
cat >"$ROOT/etc/chromium/policies/managed/signage-kiosk.json" <<POLICY
{
  "LocalNetworkAccessAllowedForUrls": ["$ORIGIN"],
  "LoopbackNetworkAllowedForUrls": ["$ORIGIN"],
  "AutoplayAllowed": true,
  "TranslateEnabled": false
}
POLICY

# 9. The services.
install -d -m 0755 "$UNITS"
install -m 0644 "$HERE/systemd/signage-agent.service" "$HERE/systemd/signage-kiosk.service" "$UNITS/"

if [ "$STAGED" = 1 ]; then
    echo "Staged under $ROOT (no user, packages or services touched)."
    exit 0
fi

chown "root:$USER_NAME" "$CONF"
chown "$USER_NAME:adm" "$LOG"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 /var/lib/signage
systemctl daemon-reload
systemctl enable signage-agent.service signage-kiosk.service
systemctl set-default graphical.target
if [ "$START" = 1 ]; then
    systemctl restart signage-agent.service
    systemctl restart signage-kiosk.service
fi

echo "Signage kiosk installed."
echo "  server:   $(sed -n 's/^SIGNAGE_SERVER_URL=//p' "$CONF")"
echo "  settings: $CONF (the agent token is there; the launcher hands it to the player)"
echo "  log:      $LOG"
echo "The screen now shows a pairing code: type it in the console (Screens -> the screen -> Pair with a code)."

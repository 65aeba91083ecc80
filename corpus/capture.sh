#!/usr/bin/env bash
# Recreate the real-server 207 Multi-Status captures in corpus/:
#   corpus/apache-*.xml     Apache httpd + mod_dav / mod_dav_fs (Debian apache2-bin)
#   corpus/radicale-*.xml   Radicale CalDAV/CardDAV server (PyPI package radicale)
#   corpus/lighttpd-*.xml   lighttpd + mod_webdav (Debian lighttpd, lighttpd-mod-webdav)
#   corpus/wsgidav-*.xml    WsgiDAV on cheroot (PyPI packages wsgidav, cheroot)
#   corpus/pywebdav3-*.xml  PyWebDAV3's davserver (PyPI package PyWebDAV3)
#
# Usage (as root, on Debian 12):  bash corpus/capture.sh [SERVER...]
#   SERVER is any of apache radicale lighttpd wsgidav pywebdav3; with none,
#   all five are captured. Only the named servers' files are replaced, e.g.
#   `bash corpus/capture.sh lighttpd wsgidav pywebdav3` leaves every
#   apache-*.xml and radicale-*.xml untouched.
#
# What it does:
#   1. installs what the chosen servers need with apt-get if missing
#      (apache2-bin; lighttpd + lighttpd-mod-webdav, with service start-up
#      denied during the install; media-types, curl, and python3-venv if
#      `python3 -m venv` does not work), and radicale==$RADICALE_VERSION,
#      wsgidav==$WSGIDAV_VERSION + cheroot==$CHEROOT_VERSION and
#      PyWebDAV3==$PYWEBDAV3_VERSION from PyPI, each into its own throw-away
#      venv;
#   2. starts each server on a free high port bound to 127.0.0.1, each with
#      its own config file in a temporary directory (no systemd, no /etc
#      changes), one server at a time;
#   3. populates them with real requests (PUT, MKCOL, MKCALENDAR, LOCK, ...)
#      and saves each response BODY byte-for-byte with `curl -o`, failing
#      unless the status is 207 (single exception, by design:
#      apache-delete-locked-member-http424.xml, where mod_dav sends a
#      <multistatus> body with status 424);
#   4. stops the servers by PID and removes the temporary directory.
#
# Captures are staged in the temporary directory and only replace the
# corpus/SERVER-*.xml files of the chosen servers after every step passed,
# so a failed run leaves the corpus untouched. Dates, etags, sync tokens and
# directory order are whatever the servers produce, so a re-run changes them.
# Every capture must be well-formed XML with namespaces; files whose name
# contains "undeclared-prefix" (lighttpd writes a `DAV:` prefix it never
# declares) need only be well-formed XML 1.0.
#
# Environment:
#   RADICALE_VERSION   radicale version from PyPI (default 3.9.0)
#   WSGIDAV_VERSION    wsgidav version from PyPI (default 4.4.0)
#   CHEROOT_VERSION    cheroot version from PyPI, WsgiDAV's WSGI server (default 11.1.2)
#   PYWEBDAV3_VERSION  PyWebDAV3 version from PyPI (default 0.11.0)
#   OUT                output directory (default: the directory of this script)
#   SKIP_INSTALL=1     do not call apt-get (apache2-bin, lighttpd, curl must already exist)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

RADICALE_VERSION=${RADICALE_VERSION:-3.9.0}
WSGIDAV_VERSION=${WSGIDAV_VERSION:-4.4.0}
CHEROOT_VERSION=${CHEROOT_VERSION:-11.1.2}
PYWEBDAV3_VERSION=${PYWEBDAV3_VERSION:-0.11.0}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE}
APACHE_MODULES=/usr/lib/apache2/modules
LIGHTTPD_MODULES=/usr/lib/lighttpd
NMEMBERS=2000

log() { printf '[capture] %s\n' "$*" >&2; }
die() { printf '[capture] ERROR: %s\n' "$*" >&2; exit 1; }

ALL_SERVERS=(apache radicale lighttpd wsgidav pywebdav3)
SERVERS=("$@")
((${#SERVERS[@]})) || SERVERS=("${ALL_SERVERS[@]}")
for s in "${SERVERS[@]}"; do
  [[ " ${ALL_SERVERS[*]} " == *" $s "* ]] || die "unknown server '$s' (known: ${ALL_SERVERS[*]})"
done
want() { [[ " ${SERVERS[*]} " == *" $1 "* ]]; }
log "servers: ${SERVERS[*]}"

[[ $(id -u) == 0 ]] || die "run as root (apache and lighttpd must start as root to drop to www-data; apt-get)"

# --------------------------------------------------------------------------
# 0. temp dir + cleanup (servers are stopped by the PIDs we recorded)
# --------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/multistatus-capture.XXXXXX)
chmod 755 "$WORK"   # apache children run as www-data and must traverse it
APACHE_PID=""
RADICALE_PID=""
LIGHTTPD_PID=""
WSGIDAV_PID=""
PYWEBDAV3_PID=""

stop_pid() { # stop_pid PID NAME
  local pid=$1 name=$2 i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  stop_pid "$APACHE_PID" apache2
  stop_pid "$RADICALE_PID" radicale
  stop_pid "$LIGHTTPD_PID" lighttpd
  stop_pid "$WSGIDAV_PID" wsgidav
  stop_pid "$PYWEBDAV3_PID" davserver
  if [[ $rc != 0 ]]; then
    for f in "$WORK"/apache/error.log "$WORK"/radicale/radicale.log \
             "$WORK"/lighttpd/log/error.log "$WORK"/lighttpd/stdout.log \
             "$WORK"/wsgidav/wsgidav.log "$WORK"/pywebdav3/davserver.log; do
      [[ -s $f ]] && { log "last lines of $f:"; tail -n 20 "$f" >&2; }
    done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --------------------------------------------------------------------------
# 1. install
# --------------------------------------------------------------------------
# apache2-bin is the server binary and its modules without the apache2
# package's service scripts, so installing it never starts a system-wide
# httpd on port 80; media-types provides /etc/mime.types.
# The lighttpd package does come with a service: its postinst would start a
# lighttpd on port 80 of every address. While apt-get runs, a policy-rc.d
# that denies every start is put in place unless one already exists, and
# removed afterwards. (On a host booted with systemd the package still
# enables lighttpd.service for the next boot: `systemctl disable lighttpd`
# if that is unwanted. This script never uses that service.)
need_apt=()
if want apache; then
  [[ -x /usr/sbin/apache2 && -e $APACHE_MODULES/mod_dav_fs.so ]] || need_apt+=(apache2-bin)
fi
if want lighttpd; then
  [[ -x /usr/sbin/lighttpd ]] || need_apt+=(lighttpd)
  [[ -e $LIGHTTPD_MODULES/mod_webdav.so ]] || need_apt+=(lighttpd-mod-webdav)
fi
[[ -r /etc/mime.types ]] || need_apt+=(media-types)
command -v curl >/dev/null || need_apt+=(curl)
command -v python3 >/dev/null || need_apt+=(python3)
if ((${#need_apt[@]})); then
  [[ ${SKIP_INSTALL:-0} == 1 ]] && die "missing: ${need_apt[*]}"
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq
  own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, from multistatus corpus/capture.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  rc=0
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get install ${need_apt[*]} failed"
fi

# make_venv DIR: a venv, installing python3-venv first if need be
make_venv() {
  local dir=$1 pyver
  if ! python3 -m venv "$dir" >/dev/null 2>&1; then
    [[ ${SKIP_INSTALL:-0} == 1 ]] && die "python3 -m venv does not work"
    rm -rf "$dir"
    pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv "python$pyver-venv" >/dev/null
    python3 -m venv "$dir"
  fi
}
pip_install() { # pip_install VENV REQUIREMENT...
  local venv=$1
  shift
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

if want apache; then
  APACHE_VERSION=$(/usr/sbin/apache2 -v | sed -n 's/^Server version: //p')
  APACHE_DEB=$(dpkg-query -W -f '${Version}' apache2-bin 2>/dev/null || echo unknown)
  log "Apache: $APACHE_VERSION (apache2-bin $APACHE_DEB)"
fi
if want radicale; then
  log "creating venv for radicale==$RADICALE_VERSION"
  make_venv "$WORK/venv"
  pip_install "$WORK/venv" "radicale==$RADICALE_VERSION"
  RADICALE_REAL_VERSION=$("$WORK/venv/bin/python" -m radicale --version 2>/dev/null | tail -n 1)
  log "Radicale: $RADICALE_REAL_VERSION"
fi
if want lighttpd; then
  LIGHTTPD_REAL_VERSION=$(/usr/sbin/lighttpd -v | sed -n 's/ - a light.*//p')
  LIGHTTPD_DEB=$(dpkg-query -W -f '${Version}' lighttpd-mod-webdav 2>/dev/null || echo unknown)
  log "lighttpd: $LIGHTTPD_REAL_VERSION (lighttpd-mod-webdav $LIGHTTPD_DEB)"
fi
if want wsgidav; then
  log "creating venv for wsgidav==$WSGIDAV_VERSION cheroot==$CHEROOT_VERSION"
  make_venv "$WORK/venv-wsgidav"
  pip_install "$WORK/venv-wsgidav" "wsgidav==$WSGIDAV_VERSION" "cheroot==$CHEROOT_VERSION"
  WSGIDAV_REAL_VERSION=$("$WORK/venv-wsgidav/bin/python" -c 'import wsgidav, cheroot; print("WsgiDAV", wsgidav.__version__, "on cheroot", cheroot.__version__)')
  log "WsgiDAV: $WSGIDAV_REAL_VERSION"
fi
if want pywebdav3; then
  log "creating venv for PyWebDAV3==$PYWEBDAV3_VERSION"
  make_venv "$WORK/venv-pywebdav3"
  pip_install "$WORK/venv-pywebdav3" "PyWebDAV3==$PYWEBDAV3_VERSION"
  PYWEBDAV3_REAL_VERSION=$("$WORK/venv-pywebdav3/bin/python" -c 'from importlib.metadata import version; print("PyWebDAV3", version("PyWebDAV3"))')
  log "PyWebDAV3: $PYWEBDAV3_REAL_VERSION"
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # wait_http URL PID NAME
  local url=$1 pid=$2 name=$3 i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || die "$name exited during startup"
    if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
    sleep 0.1
  done
  die "$name did not answer on $url"
}

# --------------------------------------------------------------------------
# request helpers
# --------------------------------------------------------------------------
STAGE=$WORK/stage
REQ=$WORK/req
mkdir -p "$STAGE" "$REQ"
XML=(-H 'Content-Type: application/xml; charset=utf-8')

# body NAME  <<'EOF' ... EOF   -> writes request body to $REQ/NAME
body() { cat >"$REQ/$1"; }

# req EXPECTED METHOD URL [curl args]: EXPECTED like "201|204"
req() {
  local expect=$1 method=$2 url=$3 code
  shift 3
  code=$(curl -sS -o "$WORK/last-response" -w '%{http_code}' -X "$method" "$@" "$url") \
    || die "curl failed: $method $url"
  if [[ "|$expect|" != *"|$code|"* ]]; then
    cat "$WORK/last-response" >&2 || true; echo >&2
    die "$method $url: got HTTP $code, expected $expect"
  fi
}

# cap NAME METHOD URL [curl args]: save the body of a 207 response as NAME.
# EXPECT=NNN cap ... is used only where a server sends a <multistatus> body
# with another status (the file name then says so).
cap() {
  local name=$1 method=$2 url=$3 code expect=${EXPECT:-207}
  shift 3
  code=$(curl -sS -o "$STAGE/$name" -w '%{http_code}' -X "$method" "$@" "$url") \
    || die "curl failed: $method $url"
  if [[ $code != "$expect" ]]; then
    cat "$STAGE/$name" >&2 || true; echo >&2
    die "$name: $method $url gave HTTP $code, expected $expect"
  fi
  log "captured $name ($(wc -c <"$STAGE/$name") bytes)"
}

# request bodies shared by several servers
body allprop <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:allprop/>
</D:propfind>
EOF
body propname <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:propname/>
</D:propfind>
EOF

# ==========================================================================
# 2. Apache httpd + mod_dav_fs
# ==========================================================================
if want apache; then
A=$WORK/apache
mkdir -p "$A/run" "$A/lock" "$A/htdocs/dav"
chown www-data:www-data "$A/lock" "$A/htdocs/dav"
APORT=$(free_port)
cat >"$A/httpd.conf" <<EOF
ServerRoot "$A"
ServerName 127.0.0.1
Listen 127.0.0.1:$APORT
PidFile "$A/httpd.pid"
DefaultRuntimeDir "$A/run"
ErrorLog "$A/error.log"
LogLevel warn
LogFormat "%h %u %t \"%r\" %>s %b" common
CustomLog "$A/access.log" common
User www-data
Group www-data

LoadModule mpm_event_module $APACHE_MODULES/mod_mpm_event.so
LoadModule authn_core_module $APACHE_MODULES/mod_authn_core.so
LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so
LoadModule mime_module $APACHE_MODULES/mod_mime.so
LoadModule dav_module $APACHE_MODULES/mod_dav.so
LoadModule dav_fs_module $APACHE_MODULES/mod_dav_fs.so

StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
KeepAlive On
MaxKeepAliveRequests 0
TypesConfig /etc/mime.types

DocumentRoot "$A/htdocs"
DavLockDB "$A/lock/DavLock"
DavDepthInfinity On
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "$A/htdocs">
    Options None
    AllowOverride None
    Require all granted
</Directory>
<Directory "$A/htdocs/dav">
    Dav On
</Directory>
EOF

log "starting apache2 on 127.0.0.1:$APORT"
/usr/sbin/apache2 -f "$A/httpd.conf" -DFOREGROUND >>"$A/stdout.log" 2>&1 &
APACHE_PID=$!
AB=http://127.0.0.1:$APORT
wait_http "$AB/" "$APACHE_PID" apache2

# ---- populate -------------------------------------------------------------
req 201 MKCOL "$AB/dav/docs/"
req 201 MKCOL "$AB/dav/docs/sub/"
printf 'Hello, WebDAV.\n' >"$REQ/hello.txt"
printf '<html><body><p>index</p></body></html>\n' >"$REQ/index.html"
printf '{"a": 1}\n' >"$REQ/data.json"
req 201 PUT "$AB/dav/docs/hello.txt" --data-binary @"$REQ/hello.txt"
req 201 PUT "$AB/dav/docs/index.html" --data-binary @"$REQ/index.html"
req 201 PUT "$AB/dav/docs/sub/data.json" --data-binary @"$REQ/data.json"

cap apache-propfind-depth0-allprop.xml PROPFIND "$AB/dav/docs/" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-depth0-file-allprop.xml PROPFIND "$AB/dav/docs/hello.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-depth1-allprop.xml PROPFIND "$AB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-depthinfinity-allprop.xml PROPFIND "$AB/dav/docs/" -H 'Depth: infinity' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-depth1-nobody.xml PROPFIND "$AB/dav/docs/" -H 'Depth: 1'
cap apache-propfind-depth1-propname.xml PROPFIND "$AB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/propname"

body named-missing <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:prop>
    <D:resourcetype/>
    <D:getcontentlength/>
    <D:getetag/>
    <D:getlastmodified/>
    <D:displayname/>
    <D:quota-used-bytes/>
    <Z:author/>
    <X:unknown xmlns:X="urn:x-example:absent"/>
  </D:prop>
</D:propfind>
EOF
cap apache-propfind-depth1-named-props-missing.xml PROPFIND "$AB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/named-missing"

# ---- dead properties ------------------------------------------------------
body proppatch-set <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z" xmlns:X="urn:x-example:meta">
  <D:set>
    <D:prop>
      <Z:author>Jane Doe &amp; Sons</Z:author>
      <Z:rating>5</Z:rating>
      <Z:title xml:lang="fr">Été à Paris — 日本</Z:title>
      <Z:empty/>
      <X:meta xml:lang="en-GB"><X:tag kind="colour" X:weight="2">blue &amp; green &lt;ish&gt;</X:tag><X:nothing/><Y:other xmlns:Y="urn:y">nested <Y:b>bold</Y:b> text</Y:other></X:meta>
      <D:displayname>Hello file</D:displayname>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap apache-proppatch-set-dead-props.xml PROPPATCH "$AB/dav/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/proppatch-set"

body propfind-dead <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z" xmlns:X="urn:x-example:meta">
  <D:prop>
    <Z:author/>
    <Z:rating/>
    <Z:title/>
    <Z:empty/>
    <X:meta/>
    <D:displayname/>
    <D:getetag/>
    <Z:never-set/>
  </D:prop>
</D:propfind>
EOF
cap apache-propfind-dead-props.xml PROPFIND "$AB/dav/docs/hello.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/propfind-dead"
cap apache-propfind-allprop-dead-props.xml PROPFIND "$AB/dav/docs/hello.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-propname-dead-props.xml PROPFIND "$AB/dav/docs/hello.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/propname"

# Same two namespaces asked for in a different order than the property
# database stores them: the <response> re-binds ns1/ns2 declared on the root.
req 201 PUT "$AB/dav/docs/ns.txt" --data-binary @"$REQ/hello.txt"
body proppatch-ab <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:A="urn:example:a" xmlns:B="urn:example:b">
  <D:set>
    <D:prop><A:one>1</A:one><B:two>2</B:two></D:prop>
  </D:set>
</D:propertyupdate>
EOF
req 207 PROPPATCH "$AB/dav/docs/ns.txt" "${XML[@]}" --data-binary @"$REQ/proppatch-ab"
body propfind-ba <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:example:c" xmlns:B="urn:example:b" xmlns:A="urn:example:a">
  <D:prop><C:missing/><B:two/><A:one/><D:getetag/></D:prop>
</D:propfind>
EOF
cap apache-propfind-dead-props-prefix-rebinding.xml PROPFIND "$AB/dav/docs/ns.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/propfind-ba"

# Properties in no namespace, in a default namespace, and with CDATA/comment.
body proppatch-odd <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:">
  <D:set>
    <D:prop>
      <plain xmlns="">no namespace<child a="1"/></plain>
      <Q:q xmlns:Q="urn:example:q"><![CDATA[a <b> & c]]><!-- comment --> tail</Q:q>
      <dflt xmlns="urn:example:default"><inner>x</inner></dflt>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap apache-proppatch-set-nonamespace-cdata.xml PROPPATCH "$AB/dav/docs/ns.txt" "${XML[@]}" --data-binary @"$REQ/proppatch-odd"
cap apache-propfind-allprop-nonamespace-cdata.xml PROPFIND "$AB/dav/docs/ns.txt" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/allprop"

body proppatch-protected <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:set>
    <D:prop>
      <Z:color>red</Z:color>
      <D:getetag>"forged-etag"</D:getetag>
      <D:lockdiscovery/>
    </D:prop>
  </D:set>
  <D:remove>
    <D:prop><Z:rating/></D:prop>
  </D:remove>
</D:propertyupdate>
EOF
cap apache-proppatch-protected-partial-failure.xml PROPPATCH "$AB/dav/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/proppatch-protected"

body proppatch-remove <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:remove>
    <D:prop><Z:rating/><Z:not-there/></D:prop>
  </D:remove>
  <D:set>
    <D:prop><Z:rating>4</Z:rating></D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap apache-proppatch-remove-and-set.xml PROPPATCH "$AB/dav/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/proppatch-remove"

# ---- locks: lockdiscovery and a 207 DELETE -------------------------------
body lock <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:lockinfo xmlns:D="DAV:">
  <D:lockscope><D:exclusive/></D:lockscope>
  <D:locktype><D:write/></D:locktype>
  <D:owner><D:href>mailto:jane@example.com</D:href></D:owner>
</D:lockinfo>
EOF
req 201 MKCOL "$AB/dav/locked/"
req 201 PUT "$AB/dav/locked/a.txt" --data-binary @"$REQ/hello.txt"
req 201 PUT "$AB/dav/locked/b.txt" --data-binary @"$REQ/hello.txt"
req 200 LOCK "$AB/dav/locked/b.txt" -H 'Depth: 0' -H 'Timeout: Second-3600' "${XML[@]}" --data-binary @"$REQ/lock"
body lockprops <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop><D:lockdiscovery/><D:supportedlock/></D:prop>
</D:propfind>
EOF
cap apache-propfind-depth1-lockdiscovery.xml PROPFIND "$AB/dav/locked/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/lockprops"
# mod_dav answers a DELETE blocked by a lock on a member with a <multistatus>
# body but HTTP 424, not 207 (kept: real bytes a client must cope with).
EXPECT=424 cap apache-delete-locked-member-http424.xml DELETE "$AB/dav/locked/"

# A real 207 DELETE / COPY: members www-data cannot remove (a read-only
# directory on disk) make mod_dav_fs report per-member 403s.
for t in permdel permcopy; do
  req 201 MKCOL "$AB/dav/$t/"
  req 201 MKCOL "$AB/dav/$t/ro/"
  req 201 PUT "$AB/dav/$t/ok.txt" --data-binary @"$REQ/hello.txt"
  req 201 PUT "$AB/dav/$t/ro/stuck.txt" --data-binary @"$REQ/hello.txt"
  chmod 555 "$A/htdocs/dav/$t/ro"
done
cap apache-delete-collection-partial-403.xml DELETE "$AB/dav/permdel/"
req 201 MKCOL "$AB/dav/copysrc/"
req 201 PUT "$AB/dav/copysrc/new.txt" --data-binary @"$REQ/hello.txt"
cap apache-copy-overwrite-partial-403.xml COPY "$AB/dav/copysrc/" -H "Destination: $AB/dav/permcopy/" -H 'Overwrite: T'

# ---- 2000 members ---------------------------------------------------------
log "PUT $NMEMBERS members"
req 201 MKCOL "$AB/dav/big/"
{
  for i in $(seq -f '%04g' 1 "$NMEMBERS"); do
    printf 'member %s\n' "$i" >"$REQ/m$i"
    printf 'url = "%s/dav/big/item-%s.txt"\nupload-file = "%s"\noutput = "/dev/null"\n' "$AB" "$i" "$REQ/m$i"
  done
} >"$REQ/big.curlrc"
curl -sS -K "$REQ/big.curlrc" -w '%{http_code}\n' >"$WORK/big-codes" \
  || die "curl failed while PUTting members"
[[ $(grep -c '^201$' "$WORK/big-codes") == "$NMEMBERS" ]] \
  || die "not all $NMEMBERS PUTs gave 201: $(sort "$WORK/big-codes" | uniq -c | tr '\n' ' ')"
cap apache-propfind-depth1-2000-members.xml PROPFIND "$AB/dav/big/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"

# ---- awkward names ----------------------------------------------------------
# decoded name -> percent-encoded path segment used in the PUT/MKCOL request
req 201 MKCOL "$AB/dav/names/"
names=(
  'with space.txt|with%20space.txt'
  'café.txt|caf%C3%A9.txt'
  '日本.txt|%E6%97%A5%E6%9C%AC.txt'
  'a&b.txt|a%26b.txt'
  '100%.txt|100%25.txt'
  'hash#tag.txt|hash%23tag.txt'
  'a+b.txt|a%2Bb.txt'
  'q?x=1.txt|q%3Fx%3D1.txt'
  'semi;colon.txt|semi%3Bcolon.txt'
  "it's.txt|it%27s.txt"
  '<tag>.txt|%3Ctag%3E.txt'
  'quote".txt|quote%22.txt'
  'at@sign~tilde.txt|at%40sign~tilde.txt'
)
for pair in "${names[@]}"; do
  req 201 PUT "$AB/dav/names/${pair#*|}" --data-binary @"$REQ/hello.txt"
done
req 201 MKCOL "$AB/dav/names/dir%20%C3%A9%20%26%20%25/"
req 201 PUT "$AB/dav/names/dir%20%C3%A9%20%26%20%25/inner%20%23%2B.txt" --data-binary @"$REQ/hello.txt"
cap apache-propfind-depth1-special-names.xml PROPFIND "$AB/dav/names/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"
cap apache-propfind-depthinfinity-special-names-propname.xml PROPFIND "$AB/dav/names/" -H 'Depth: infinity' "${XML[@]}" --data-binary @"$REQ/propname"

stop_pid "$APACHE_PID" apache2
APACHE_PID=""
fi # want apache

# ==========================================================================
# 3. Radicale
# ==========================================================================
if want radicale; then
R=$WORK/radicale
mkdir -p "$R/collections"
RPORT=$(free_port)
cat >"$R/config" <<EOF
[server]
hosts = 127.0.0.1:$RPORT

[auth]
type = none

[rights]
type = owner_only

[storage]
filesystem_folder = $R/collections

[web]
type = none

[logging]
level = warning
EOF

log "starting radicale on 127.0.0.1:$RPORT"
"$WORK/venv/bin/python" -m radicale --config "$R/config" >>"$R/radicale.log" 2>&1 &
RADICALE_PID=$!
RB=http://127.0.0.1:$RPORT
wait_http "$RB/.well-known/caldav" "$RADICALE_PID" radicale
U=(-u alice:secret)

# ---- populate -------------------------------------------------------------
body mkcalendar <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">
  <D:set>
    <D:prop>
      <D:displayname>Work</D:displayname>
      <C:calendar-description>Meetings &amp; deadlines</C:calendar-description>
      <C:supported-calendar-component-set>
        <C:comp name="VEVENT"/>
        <C:comp name="VTODO"/>
      </C:supported-calendar-component-set>
      <I:calendar-color>#3366CCFF</I:calendar-color>
    </D:prop>
  </D:set>
</C:mkcalendar>
EOF
body mkcol-addressbook <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:set>
    <D:prop>
      <D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>
      <D:displayname>Contacts</D:displayname>
      <CR:addressbook-description>People I know</CR:addressbook-description>
    </D:prop>
  </D:set>
</D:mkcol>
EOF
# first authenticated request creates the principal collection /alice/
req 207 PROPFIND "$RB/alice/" "${U[@]}" -H 'Depth: 0'
req 201 MKCALENDAR "$RB/alice/work/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/mkcalendar"
req 201 MKCOL "$RB/alice/contacts/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/mkcol-addressbook"

ICS=(-H 'Content-Type: text/calendar; charset=utf-8')
VCF=(-H 'Content-Type: text/vcard; charset=utf-8')
crlf() { sed 's/$/\r/' >"$REQ/$1"; }   # iCalendar/vCard want CRLF line ends

crlf standup.ics <<'EOF'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//multistatus corpus//capture.sh//EN
BEGIN:VEVENT
UID:standup-1@example.com
DTSTAMP:20240101T090000Z
DTSTART:20240115T090000Z
DTEND:20240115T091500Z
SUMMARY:Daily stand-up
RRULE:FREQ=DAILY;COUNT=5
END:VEVENT
END:VCALENDAR
EOF
crlf review.ics <<'EOF'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//multistatus corpus//capture.sh//EN
BEGIN:VEVENT
UID:review-2@example.com
DTSTAMP:20240101T090000Z
DTSTART:20240117T140000Z
DTEND:20240117T160000Z
SUMMARY:R&D review: <design> & "budget" > 5k
LOCATION:Room 4 & 5 <east wing>
DESCRIPTION:This is a deliberately long description so that the iCalendar 
 line folding shows up inside calendar-data. Agenda: 1) status of the <pars
 er> work & the test corpus\, 2) budget > expectations\, 3) AOB. Bring note
 s; coffee provided — café au lait\, 日本茶.\nSecond line after an escaped ne
 wline.
END:VEVENT
END:VCALENDAR
EOF
crlf allday.ics <<'EOF'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//multistatus corpus//capture.sh//EN
BEGIN:VEVENT
UID:allday-3@example.com
DTSTAMP:20240101T090000Z
DTSTART;VALUE=DATE:20240301
DTEND;VALUE=DATE:20240302
SUMMARY:Offsite (outside the January time-range)
END:VEVENT
END:VCALENDAR
EOF
crlf task.ics <<'EOF'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//multistatus corpus//capture.sh//EN
BEGIN:VTODO
UID:todo-4@example.com
DTSTAMP:20240101T090000Z
DUE:20240120T170000Z
SUMMARY:Write the parser
STATUS:NEEDS-ACTION
END:VTODO
END:VCALENDAR
EOF
req 201 PUT "$RB/alice/work/standup.ics" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/standup.ics"
req 201 PUT "$RB/alice/work/review.ics" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/review.ics"
req 201 PUT "$RB/alice/work/allday.ics" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/allday.ics"
req 201 PUT "$RB/alice/work/task.ics" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/task.ics"

crlf jane.vcf <<'EOF'
BEGIN:VCARD
VERSION:3.0
UID:jane-1@example.com
FN:Jane Doe
N:Doe;Jane;;;
EMAIL;TYPE=INTERNET:jane@example.com
TEL;TYPE=CELL:+1 555 0100
ORG:Doe & Sons <Ltd>
END:VCARD
EOF
crlf jose.vcf <<'EOF'
BEGIN:VCARD
VERSION:3.0
UID:jose-2@example.com
FN:José Müller
N:Müller;José;;;
EMAIL;TYPE=INTERNET:jose@example.org
NOTE:Prefers email; speaks de/es/日本語
END:VCARD
EOF
req 201 PUT "$RB/alice/contacts/jane.vcf" "${U[@]}" "${VCF[@]}" --data-binary @"$REQ/jane.vcf"
req 201 PUT "$RB/alice/contacts/jose.vcf" "${U[@]}" "${VCF[@]}" --data-binary @"$REQ/jose.vcf"

# ---- PROPFINDs --------------------------------------------------------------
body principal-discovery <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:current-user-principal/>
    <D:principal-URL/>
    <D:resourcetype/>
  </D:prop>
</D:propfind>
EOF
body homesets <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:prop>
    <D:current-user-principal/>
    <D:displayname/>
    <D:resourcetype/>
    <C:calendar-home-set/>
    <C:calendar-user-address-set/>
    <CR:addressbook-home-set/>
    <D:principal-collection-set/>
    <D:current-user-privilege-set/>
  </D:prop>
</D:propfind>
EOF
body home-depth1 <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/">
  <D:prop>
    <D:resourcetype/>
    <D:displayname/>
    <CS:getctag/>
    <D:sync-token/>
    <C:supported-calendar-component-set/>
    <I:calendar-color/>
    <D:current-user-privilege-set/>
  </D:prop>
</D:propfind>
EOF
body missing <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:Z="http://example.com/ns/z">
  <D:prop>
    <D:displayname/>
    <D:getetag/>
    <D:quota-available-bytes/>
    <C:calendar-timezone/>
    <Z:no-such-property/>
  </D:prop>
</D:propfind>
EOF
body cal-depth1 <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:getetag/>
    <D:getcontenttype/>
    <D:getcontentlength/>
    <D:getlastmodified/>
    <D:resourcetype/>
  </D:prop>
</D:propfind>
EOF
cap radicale-propfind-root-depth0-current-user-principal.xml PROPFIND "$RB/" "${U[@]}" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/principal-discovery"
cap radicale-propfind-principal-depth0-home-sets.xml PROPFIND "$RB/alice/" "${U[@]}" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/homesets"
cap radicale-propfind-home-depth1-collections.xml PROPFIND "$RB/alice/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/home-depth1"
cap radicale-propfind-calendar-depth0-missing-props.xml PROPFIND "$RB/alice/work/" "${U[@]}" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/missing"
cap radicale-propfind-calendar-depth1-getetag.xml PROPFIND "$RB/alice/work/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/cal-depth1"
cap radicale-propfind-calendar-depth0-allprop.xml PROPFIND "$RB/alice/work/" "${U[@]}" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/allprop"
cap radicale-propfind-addressbook-depth1-propname.xml PROPFIND "$RB/alice/contacts/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/propname"

# ---- PROPPATCH ----------------------------------------------------------------
body cal-proppatch <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/">
  <D:set>
    <D:prop>
      <D:displayname>Work &amp; Projects</D:displayname>
      <I:calendar-color>#FF8800FF</I:calendar-color>
      <I:calendar-order>2</I:calendar-order>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap radicale-proppatch-displayname-calendar-color.xml PROPPATCH "$RB/alice/work/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/cal-proppatch"

# ---- REPORTs -------------------------------------------------------------------
body cal-multiget <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data/>
  </D:prop>
  <D:href>/alice/work/standup.ics</D:href>
  <D:href>/alice/work/review.ics</D:href>
  <D:href>/alice/work/does-not-exist.ics</D:href>
</C:calendar-multiget>
EOF
cap radicale-report-calendar-multiget-with-404.xml REPORT "$RB/alice/work/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/cal-multiget"

body cal-query <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data/>
  </D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="20240116T000000Z" end="20240201T000000Z"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>
EOF
cap radicale-report-calendar-query-time-range.xml REPORT "$RB/alice/work/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/cal-query"

body cal-query-expand <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data>
      <C:expand start="20240115T000000Z" end="20240118T000000Z"/>
    </C:calendar-data>
  </D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="20240115T000000Z" end="20240118T000000Z"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>
EOF
cap radicale-report-calendar-query-expand.xml REPORT "$RB/alice/work/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/cal-query-expand"

body todo-query <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <D:getcontenttype/>
  </D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VTODO"/>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>
EOF
cap radicale-report-calendar-query-vtodo-etag-only.xml REPORT "$RB/alice/work/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/todo-query"

body ab-multiget <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:prop>
    <D:getetag/>
    <CR:address-data/>
  </D:prop>
  <D:href>/alice/contacts/jane.vcf</D:href>
  <D:href>/alice/contacts/jose.vcf</D:href>
  <D:href>/alice/contacts/nobody.vcf</D:href>
</CR:addressbook-multiget>
EOF
cap radicale-report-addressbook-multiget.xml REPORT "$RB/alice/contacts/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/ab-multiget"

body ab-query <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<CR:addressbook-query xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:prop>
    <D:getetag/>
    <CR:address-data/>
  </D:prop>
  <CR:filter>
    <CR:prop-filter name="FN">
      <CR:text-match collation="i;unicode-casemap" match-type="contains">jos</CR:text-match>
    </CR:prop-filter>
  </CR:filter>
</CR:addressbook-query>
EOF
cap radicale-report-addressbook-query-text-match.xml REPORT "$RB/alice/contacts/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/ab-query"

body expand-property <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:expand-property xmlns:D="DAV:">
  <D:property name="current-user-principal">
    <D:property name="displayname"/>
  </D:property>
</D:expand-property>
EOF
cap radicale-report-expand-property-empty.xml REPORT "$RB/alice/" "${U[@]}" -H 'Depth: 0' "${XML[@]}" --data-binary @"$REQ/expand-property"

# ---- sync-collection -----------------------------------------------------------
body sync-initial <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token/>
  <D:sync-level>1</D:sync-level>
  <D:prop>
    <D:getetag/>
  </D:prop>
</D:sync-collection>
EOF
cap radicale-report-sync-collection-initial.xml REPORT "$RB/alice/work/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/sync-initial"
TOKEN=$("$WORK/venv/bin/python" -c '
import sys, xml.etree.ElementTree as ET
print(ET.parse(sys.argv[1]).getroot().findtext("{DAV:}sync-token") or "")
' "$STAGE/radicale-report-sync-collection-initial.xml")
[[ -n $TOKEN ]] || die "no sync-token in initial sync-collection response"
log "sync token: $TOKEN"

req 200 DELETE "$RB/alice/work/standup.ics" "${U[@]}"
sed 's/^SUMMARY:.*/SUMMARY:R\&D review (moved) <design> \& "budget"\r/; s/^DTSTART:.*/DTSTART:20240118T140000Z\r/; s/^DTEND:.*/DTEND:20240118T160000Z\r/' \
  "$REQ/review.ics" >"$REQ/review2.ics"
req '201|204' PUT "$RB/alice/work/review.ics" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/review2.ics"

sed "s|<D:sync-token/>|<D:sync-token>$TOKEN</D:sync-token>|" "$REQ/sync-initial" >"$REQ/sync-delta"
grep -q "$TOKEN" "$REQ/sync-delta" || die "failed to build sync-collection request with token"
cap radicale-report-sync-collection-delta-with-404.xml REPORT "$RB/alice/work/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/sync-delta"

body sync-ab <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:sync-token/>
  <D:sync-level>1</D:sync-level>
  <D:prop>
    <D:getetag/>
    <CR:address-data/>
  </D:prop>
</D:sync-collection>
EOF
cap radicale-report-sync-collection-addressbook-address-data.xml REPORT "$RB/alice/contacts/" "${U[@]}" "${XML[@]}" --data-binary @"$REQ/sync-ab"

# ---- awkward names in Radicale hrefs -------------------------------------------
ODD='odd%20cal%20%26%20%C3%A9'        # "odd cal & é"
req 201 MKCALENDAR "$RB/alice/$ODD/" "${U[@]}"
i=0
for seg in 'a%20b%26c.ics' 'caf%C3%A9%2B%E6%97%A5%E6%9C%AC.ics' '100%25%23hash.ics'; do
  i=$((i + 1))
  sed "s/^UID:.*/UID:odd-$i@example.com\r/; s/^SUMMARY:.*/SUMMARY:Odd name $i\r/" "$REQ/allday.ics" >"$REQ/odd$i.ics"
  req 201 PUT "$RB/alice/$ODD/$seg" "${U[@]}" "${ICS[@]}" --data-binary @"$REQ/odd$i.ics"
done
cap radicale-propfind-depth1-special-names.xml PROPFIND "$RB/alice/$ODD/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/cal-depth1"
body odd-multiget <<EOF
<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <D:href>/alice/$ODD/a%20b%26c.ics</D:href>
  <D:href>/alice/odd%20cal%20&amp;%20%c3%a9/caf%c3%a9+%e6%97%a5%e6%9c%ac.ics</D:href>
  <D:href>/alice/$ODD/missing%20%26%20gone.ics</D:href>
</C:calendar-multiget>
EOF
cap radicale-report-calendar-multiget-special-names.xml REPORT "$RB/alice/$ODD/" "${U[@]}" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/odd-multiget"

stop_pid "$RADICALE_PID" radicale
RADICALE_PID=""
fi # want radicale

# ==========================================================================
# 4. lighttpd + mod_webdav
# ==========================================================================
# lighttpd drops to www-data, so files and directories with mode 000 are
# really unreadable to it. Properties live in an sqlite database (needed for
# PROPPATCH); Depth: infinity is enabled to walk into an unreadable member.
if want lighttpd; then
L=$WORK/lighttpd
mkdir -p "$L/htdocs/dav" "$L/db" "$L/log"
chown www-data:www-data "$L/htdocs/dav" "$L/db" "$L/log"
LPORT=$(free_port)
cat >"$L/lighttpd.conf" <<EOF
server.document-root = "$L/htdocs"
server.bind = "127.0.0.1"
server.port = $LPORT
server.username = "www-data"
server.groupname = "www-data"
server.errorlog = "$L/log/error.log"
server.modules = ( "mod_webdav" )
mimetype.assign = (
  ".txt" => "text/plain;charset=utf-8",
  ".html" => "text/html;charset=utf-8",
  ".json" => "application/json",
)
\$HTTP["url"] =~ "^/dav(\$|/)" {
  webdav.activate = "enable"
  webdav.is-readonly = "disable"
  webdav.sqlite-db-name = "$L/db/webdav.db"
  webdav.opts = ( "propfind-depth-infinity" => "enable" )
}
EOF
/usr/sbin/lighttpd -tt -f "$L/lighttpd.conf" >/dev/null || die "lighttpd rejects $L/lighttpd.conf"

log "starting lighttpd on 127.0.0.1:$LPORT"
/usr/sbin/lighttpd -D -f "$L/lighttpd.conf" >>"$L/stdout.log" 2>&1 &
LIGHTTPD_PID=$!
LB=http://127.0.0.1:$LPORT
wait_http "$LB/" "$LIGHTTPD_PID" lighttpd

# ---- populate -------------------------------------------------------------
printf 'Hello, WebDAV.\n' >"$REQ/hello.txt"
printf '<html><body><p>index</p></body></html>\n' >"$REQ/index.html"
printf '{"a": 1}\n' >"$REQ/data.json"
req 201 MKCOL "$LB/dav/docs/"
req 201 MKCOL "$LB/dav/docs/sub/"
req 201 PUT "$LB/dav/docs/hello.txt" --data-binary @"$REQ/hello.txt"
req 201 PUT "$LB/dav/docs/index.html" --data-binary @"$REQ/index.html"
req 201 PUT "$LB/dav/docs/sub/data.json" --data-binary @"$REQ/data.json"
# members lighttpd cannot read: a file and a collection with mode 000, and a
# symlink to nowhere
req 201 PUT "$LB/dav/docs/secret.txt" --data-binary @"$REQ/hello.txt"
req 201 MKCOL "$LB/dav/docs/private/"
req 201 PUT "$LB/dav/docs/private/inner.txt" --data-binary @"$REQ/hello.txt"
chmod 000 "$L/htdocs/dav/docs/secret.txt" "$L/htdocs/dav/docs/private"
ln -s /nonexistent/multistatus-target "$L/htdocs/dav/docs/dangling.txt"

# mod_webdav's PROPPATCH reads only the first property of each <D:prop>, so
# every property gets its own <D:set>; success is 204 without a body.
body lighttpd-proppatch-set <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:set><D:prop><Z:author>Jane Doe &amp; Sons</Z:author></D:prop></D:set>
  <D:set><D:prop><Z:title>Été à Paris — 日本</Z:title></D:prop></D:set>
  <D:set><D:prop><D:displayname>Hello file</D:displayname></D:prop></D:set>
</D:propertyupdate>
EOF
req 204 PROPPATCH "$LB/dav/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/lighttpd-proppatch-set"

# ---- captures -------------------------------------------------------------
cap lighttpd-propfind-depth1-allprop.xml PROPFIND "$LB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"
cap lighttpd-propfind-depth1-unreadable-collection.xml PROPFIND "$LB/dav/docs/private/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"
body lighttpd-props <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:resourcetype/>
    <D:getcontentlength/>
  </D:prop>
</D:propfind>
EOF
cap lighttpd-propfind-depthinfinity-unreadable-member.xml PROPFIND "$LB/dav/docs/" -H 'Depth: infinity' "${XML[@]}" --data-binary @"$REQ/lighttpd-props"
body lighttpd-named-missing <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:prop>
    <D:getetag/>
    <D:displayname/>
    <D:quota-used-bytes/>
    <Z:author/>
    <Z:title/>
    <Z:never-set/>
  </D:prop>
</D:propfind>
EOF
cap lighttpd-propfind-depth1-named-props-missing.xml PROPFIND "$LB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/lighttpd-named-missing"
cap lighttpd-propfind-depth1-propname.xml PROPFIND "$LB/dav/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/propname"

# Protected DAV: properties fail the whole PROPPATCH (rolled back; the custom
# property that would have been set is not listed). The 403 propstats name
# the property as <DAV:getetag/>: a prefix "DAV" that is never declared.
body lighttpd-proppatch-protected <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:set><D:prop><Z:color>red</Z:color></D:prop></D:set>
  <D:set><D:prop><D:getetag>"forged-etag"</D:getetag></D:prop></D:set>
  <D:set><D:prop><D:lockdiscovery/></D:prop></D:set>
</D:propertyupdate>
EOF
cap lighttpd-proppatch-protected-undeclared-prefix.xml PROPPATCH "$LB/dav/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/lighttpd-proppatch-protected"

chmod 755 "$L/htdocs/dav/docs/private"   # an ordinary tree again for the cleanup
stop_pid "$LIGHTTPD_PID" lighttpd
LIGHTTPD_PID=""
fi # want lighttpd

# ==========================================================================
# 5. WsgiDAV (cheroot)
# ==========================================================================
# A filesystem share with the in-memory property manager (so PROPPATCH of
# dead properties works) and anonymous access. WsgiDAV 4.4.0 matches the
# PROPFIND keyword as {DAV:}name, not {DAV:}propname, so a propname request
# is read as an empty named-property list.
if want wsgidav; then
W=$WORK/wsgidav
mkdir -p "$W/root"
WPORT=$(free_port)
cat >"$W/wsgidav.yaml" <<EOF
host: 127.0.0.1
port: $WPORT
server: cheroot
provider_mapping:
  "/": "$W/root"
http_authenticator:
  domain_controller: null
  accept_basic: false
  accept_digest: false
  default_to_digest: false
simple_dc:
  user_mapping:
    "*": true
property_manager: true
lock_storage: true
verbose: 3
EOF
log "starting wsgidav on 127.0.0.1:$WPORT"
(cd "$W" && exec "$WORK/venv-wsgidav/bin/wsgidav" --config "$W/wsgidav.yaml") >>"$W/wsgidav.log" 2>&1 &
WSGIDAV_PID=$!
WB=http://127.0.0.1:$WPORT
wait_http "$WB/" "$WSGIDAV_PID" wsgidav

# ---- populate -------------------------------------------------------------
printf 'Hello, WebDAV.\n' >"$REQ/hello.txt"
printf '<html><body><p>index</p></body></html>\n' >"$REQ/index.html"
printf '{"a": 1}\n' >"$REQ/data.json"
req 201 MKCOL "$WB/docs/"
req 201 MKCOL "$WB/docs/sub/"
req 201 PUT "$WB/docs/hello.txt" --data-binary @"$REQ/hello.txt"
req 201 PUT "$WB/docs/index.html" --data-binary @"$REQ/index.html"
req 201 PUT "$WB/docs/sub/data.json" --data-binary @"$REQ/data.json"

# ---- captures -------------------------------------------------------------
cap wsgidav-propfind-depth1-propname-href-only.xml PROPFIND "$WB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/propname"
body wsgidav-proppatch-set <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:set>
    <D:prop>
      <Z:author>Jane Doe &amp; Sons</Z:author>
      <Z:title xml:lang="fr">Été à Paris — 日本</Z:title>
      <Z:empty/>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap wsgidav-proppatch-set-dead-props.xml PROPPATCH "$WB/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/wsgidav-proppatch-set"
body wsgidav-proppatch-protected <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:set>
    <D:prop>
      <Z:color>red</Z:color>
      <D:getetag>"forged-etag"</D:getetag>
      <D:displayname>Renamed</D:displayname>
    </D:prop>
  </D:set>
</D:propertyupdate>
EOF
cap wsgidav-proppatch-protected-partial-failure.xml PROPPATCH "$WB/docs/hello.txt" "${XML[@]}" --data-binary @"$REQ/wsgidav-proppatch-protected"
body wsgidav-named-missing <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:prop>
    <D:getetag/>
    <D:getcontentlength/>
    <D:displayname/>
    <D:quota-used-bytes/>
    <Z:author/>
    <Z:title/>
    <Z:never-set/>
  </D:prop>
</D:propfind>
EOF
cap wsgidav-propfind-depth1-named-props-missing.xml PROPFIND "$WB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/wsgidav-named-missing"
cap wsgidav-propfind-depth1-allprop.xml PROPFIND "$WB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"

stop_pid "$WSGIDAV_PID" wsgidav
WSGIDAV_PID=""
fi # want wsgidav

# ==========================================================================
# 6. PyWebDAV3 (davserver)
# ==========================================================================
# -n: no authentication, -J: no LOCK/UNLOCK. PyWebDAV3 does not implement
# PROPPATCH (every PROPPATCH is answered 423 with no body), so there is no
# PROPPATCH capture.
if want pywebdav3; then
PW=$WORK/pywebdav3
mkdir -p "$PW/root"
PPORT=$(free_port)
log "starting davserver on 127.0.0.1:$PPORT"
(cd "$PW" && exec "$WORK/venv-pywebdav3/bin/davserver" -D "$PW/root" -H 127.0.0.1 -P "$PPORT" -n -J) >>"$PW/davserver.log" 2>&1 &
PYWEBDAV3_PID=$!
PB=http://127.0.0.1:$PPORT
wait_http "$PB/" "$PYWEBDAV3_PID" davserver

# ---- populate -------------------------------------------------------------
printf 'Hello, WebDAV.\n' >"$REQ/hello.txt"
printf '<html><body><p>index</p></body></html>\n' >"$REQ/index.html"
printf '{"a": 1}\n' >"$REQ/data.json"
req 201 MKCOL "$PB/docs/"
req 201 MKCOL "$PB/docs/sub/"
req 201 PUT "$PB/docs/hello.txt" --data-binary @"$REQ/hello.txt"
req 201 PUT "$PB/docs/index.html" --data-binary @"$REQ/index.html"
req 201 PUT "$PB/docs/sub/data.json" --data-binary @"$REQ/data.json"

# ---- captures -------------------------------------------------------------
cap pywebdav3-propfind-depth1-propname.xml PROPFIND "$PB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/propname"
body pywebdav3-named-missing <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:" xmlns:Z="http://example.com/ns/z">
  <D:prop>
    <D:getetag/>
    <D:getcontentlength/>
    <D:displayname/>
    <D:quota-used-bytes/>
    <Z:author/>
  </D:prop>
</D:propfind>
EOF
cap pywebdav3-propfind-depth1-named-props-missing.xml PROPFIND "$PB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/pywebdav3-named-missing"
# displayname is in propname's list but a named request for it drops it from
# both propstats; with no other 200 property the 200 propstat is left with an
# empty <D:prop/>.
body pywebdav3-displayname <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:displayname/>
    <D:getetag/>
  </D:prop>
</D:propfind>
EOF
cap pywebdav3-propfind-depth1-displayname-dropped.xml PROPFIND "$PB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/pywebdav3-displayname"
cap pywebdav3-propfind-depth1-allprop.xml PROPFIND "$PB/docs/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/allprop"
cap pywebdav3-propfind-depth0-file-nobody.xml PROPFIND "$PB/docs/hello.txt" -H 'Depth: 0'

# awkward names (the PUT path is percent-decoded before it is split, so no
# '#' or '?' here: they would cut the name)
req 201 MKCOL "$PB/names/"
for seg in 'with%20space.txt' 'caf%C3%A9.txt' '%E6%97%A5%E6%9C%AC.txt' 'a%26b.txt' '100%25.txt' '%3Ctag%3E.txt' "it%27s.txt"; do
  req 201 PUT "$PB/names/$seg" --data-binary @"$REQ/hello.txt"
done
body pywebdav3-names-props <<'EOF'
<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop>
    <D:getcontentlength/>
    <D:resourcetype/>
  </D:prop>
</D:propfind>
EOF
cap pywebdav3-propfind-depth1-special-names.xml PROPFIND "$PB/names/" -H 'Depth: 1' "${XML[@]}" --data-binary @"$REQ/pywebdav3-names-props"

stop_pid "$PYWEBDAV3_PID" davserver
PYWEBDAV3_PID=""
fi # want pywebdav3


# ==========================================================================
# 7. check and publish
# ==========================================================================
# Every capture must be namespace-well-formed XML (minidom); a capture whose
# name says "undeclared-prefix" holds a prefix the server never declares and
# is only checked to be well-formed XML 1.0 (expat without namespaces).
n=0
for f in "$STAGE"/*.xml; do
  [[ -e $f ]] || die "nothing was captured"
  case $(basename "$f") in
    *undeclared-prefix*)
      python3 -c 'import sys, xml.parsers.expat; p = xml.parsers.expat.ParserCreate(); p.ParseFile(open(sys.argv[1], "rb"))' "$f" \
        || die "$(basename "$f") is not well-formed XML 1.0"
      python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f" 2>/dev/null \
        && die "$(basename "$f") is namespace-well-formed now: rename it"
      ;;
    *)
      python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f" \
        || die "$(basename "$f") is not well-formed XML"
      ;;
  esac
  n=$((n + 1))
done
mkdir -p "$OUT" "$OUT/lenient"
for s in "${SERVERS[@]}"; do
  rm -f "$OUT/$s"-*.xml "$OUT/lenient/$s"-*.xml
done
# Bodies that are not namespace-well-formed are only read in lenient mode:
# they live in lenient/, apart from the documents every parser must read.
for f in "$STAGE"/*.xml; do
  case $(basename "$f") in
    *undeclared-prefix*) cp "$f" "$OUT/lenient/" ;;
    *) cp "$f" "$OUT/" ;;
  esac
done
versions=()
want apache && versions+=("$APACHE_VERSION")
want radicale && versions+=("Radicale $RADICALE_REAL_VERSION")
want lighttpd && versions+=("$LIGHTTPD_REAL_VERSION")
want wsgidav && versions+=("$WSGIDAV_REAL_VERSION")
want pywebdav3 && versions+=("$PYWEBDAV3_REAL_VERSION")
log "wrote $n captures to $OUT ($(IFS=';'; echo "${versions[*]}" | sed 's/;/; /g'))"

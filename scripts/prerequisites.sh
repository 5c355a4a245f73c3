# Installs what the service and its tests need from Debian's packages, only when missing. Sourced by run.sh and test.sh.

apt_updated=""

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Missing Debian packages ($*) and no root: install them, then run again." >&2; return 1
    fi
  fi
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Documents are set in a proportional Latin TrueType face (DejaVu Sans) and a TrueType-outline Chinese face (Droid Sans
# Fallback); PDFsharp can embed neither .ttc collections nor CFF outlines, so not Debian's Noto CJK.
ensure_document_fonts() {
  local packages=()
  if { [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; } \
    && [ -z "${Odr__Documents__LatinFontFile:-}" ]; then
    packages+=(fonts-dejavu-core)
  fi
  if [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] && [ -z "${Odr__Documents__ChineseFontFile:-}" ]; then
    packages+=(fonts-droid-fallback)
  fi
  if [ "${#packages[@]}" -gt 0 ]; then
    echo "Installing ${packages[*]} (the PDF documents' fonts)..."
    apt_install "${packages[@]}"
  fi
}

# pdftotext and pdfsig read the issued documents back in tests.
ensure_poppler() {
  if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfsig >/dev/null 2>&1; then
    echo "Installing poppler-utils (pdftotext, pdfsig)..."
    apt_install poppler-utils
  fi
}

# A real SMTP server on loopback for the e-mail tests (Debian's aiosmtpd, run with /usr/bin/python3).
ensure_smtp_server() {
  if ! /usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1; then
    echo "Installing python3-aiosmtpd (an SMTP server for the e-mail tests)..."
    apt_install python3-aiosmtpd
  fi
}

# npm installs the browser libraries (the build copies them) and the browser tests' driver.
ensure_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing nodejs and npm..."
    apt_install nodejs npm
  fi
}

# Debian's Chromium for the browser tests (a tool's own browser download cannot work here).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing chromium and fonts-noto-cjk (browser tests)..."
    apt_install chromium fonts-noto-cjk
  fi
}

# PostgreSQL's server binaries, for the test suite's second run (Odr:Database:Provider=Postgres).
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing postgresql (the test suite also runs against a throwaway PostgreSQL cluster)..."
    apt_install postgresql
  fi
}

# Redis's server, for the several-node tests (the SignalR backplane and the shared chat rate limit, Odr:Redis).
ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    echo "Installing redis-server (the several-node tests run on a throwaway Redis beside the PostgreSQL cluster)..."
    apt_install redis-server
  fi
}

# Starts a throwaway PostgreSQL cluster in a new temporary folder on a free loopback port, trusting local connections,
# and prints its connection string. initdb refuses to run as root, so as root the cluster belongs to "postgres".
# Stop it with stop_throwaway_postgres <folder>.
start_throwaway_postgres() {
  local dir="$1" bin port
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U odr --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  # Durability as in production (fsync on); a larger connection limit, as every test class runs its own service.
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
  echo "Host=127.0.0.1;Port=$port;Username=odr;Database=postgres"
}

stop_throwaway_postgres() {
  local dir="$1" bin as=()
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

# Starts a throwaway redis-server in the given temporary folder on a free loopback port, keeping nothing on disk (no RDB
# snapshots, no append-only file), and prints its address (host:port, a StackExchange.Redis connection string). It runs
# daemonized with its pid in the folder; stop it with stop_throwaway_redis <folder>.
start_throwaway_redis() {
  local dir="$1" port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null || return 1
  # Daemonized, it returns before it listens: wait for its answer (a few tries; it starts in milliseconds).
  local tries=0
  until [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then return 1; fi
    sleep 0.1
  done
  echo "127.0.0.1:$port"
}

stop_throwaway_redis() {
  local dir="$1"
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

# Sourced by the fetch scripts: an apt configuration of the project's own under the cache, so
# packages come from Debian's signed archive (Release signature, then each file's sha256)
# while the system's apt sources, architectures and state stay untouched.
# private_apt_init ROOT ARCH SOURCES_LINE...  writes ROOT's configuration, exports APT_CONFIG.
# private_apt_update ROOT [MAX_AGE_MINUTES]   refreshes the lists once, or when older.
private_apt_init() {
  local root=$1 arch=$2
  shift 2
  mkdir -p "$root"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,state/lists/partial,cache/archives/partial}
  touch "$root/state/status"
  printf '%s\n' "$@" >"$root/etc/sources.list"
  cat >"$root/apt.conf" <<CONF
Dir "/";
Dir::State "$root/state";
Dir::State::status "$root/state/status";
Dir::Cache "$root/cache";
Dir::Etc "$root/etc";
Dir::Etc::sourcelist "$root/etc/sources.list";
Dir::Etc::sourceparts "$root/etc/sources.list.d";
Dir::Etc::parts "$root/etc/apt.conf.d";
Dir::Etc::preferencesparts "$root/etc/preferences.d";
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
CONF
  export APT_CONFIG="$root/apt.conf"
}

private_apt_update() {
  local root=$1 max_age=${2:-}
  local stamp="$root/state/updated"
  if [ ! -f "$stamp" ] || { [ -n "$max_age" ] && [ -n "$(find "$stamp" -mmin +"$max_age")" ]; }; then
    apt-get update -qq >&2
    touch "$stamp"
  fi
}

# Shared by scripts/run.sh, scripts/test.sh and .ci/run: make sure the system packages PlaceSync builds
# against are installed. On Debian/Ubuntu it installs what is missing with apt-get (through sudo when
# not root); elsewhere it says what to install.

PLACESYNC_APT_PACKAGES=(libsodium-dev libsqlite3-dev zlib1g-dev pkg-config)

placesync_missing_packages() {
    local missing=()
    for package in "${PLACESYNC_APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    echo "${missing[@]:-}"
}

ensure_system_packages() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first." >&2
        exit 1
    fi
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium sqlite3 zlib; then
            return 0
        fi
        echo "error: this is not a Debian-like system, and libsodium, sqlite3 or zlib development files were not found." >&2
        echo "Install libsodium (headers), sqlite3 (headers), zlib (headers) and pkg-config with your package manager, then rerun." >&2
        exit 1
    fi
    local missing
    missing=$(placesync_missing_packages)
    [ -z "$missing" ] && return 0
    echo "==> installing missing system packages: $missing"
    local apt=(apt-get)
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            apt=(sudo apt-get)
        else
            echo "error: missing system packages and no sudo. As root, run:" >&2
            echo "    apt-get update && apt-get install -y $missing" >&2
            exit 1
        fi
    fi
    # shellcheck disable=SC2086
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq $missing >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq $missing
    fi
}

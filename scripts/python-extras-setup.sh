#!/usr/bin/env bash
# Installs the Python libraries the real joblib and Dask tests use: Debian's python3-joblib,
# python3-distributed, python3-numpy and python3-psutil, for Debian's system Python (/usr/bin/python3).
# Idempotent: a done-marker (and a check that the libraries import) makes a second run instant.
# Where apt is not available it says so and skips, and the tests skip with a reason; under CI=true
# a missing library fails the run, so the real tests can never be skipped silently.
set -euo pipefail

PYTHON="${PP_EXTRAS_PYTHON:-/usr/bin/python3}"
CACHE="${PP_EXTRAS_CACHE:-$HOME/.cache/parallel-profiler-python-extras}"
MARKER="$CACHE/installed-debian-joblib-distributed-numpy.stamp"
PACKAGES=(python3-joblib python3-distributed python3-numpy python3-psutil)
CHECK='import joblib, distributed, numpy, psutil; print("joblib", joblib.__version__, "distributed", distributed.__version__)'

say() { printf '[python-extras] %s\n' "$*"; }

libraries_import() { [[ -x "$PYTHON" ]] && "$PYTHON" -c "$CHECK" >/dev/null 2>&1; }

missing_libraries() {
  say "$1"
  if [[ "${CI:-}" == "true" ]]; then
    say "CI=true: the joblib and Dask integration tests need these libraries, so the run stops here."
    exit 1
  fi
  say "The joblib and Dask integration tests will be skipped, each saying why."
  exit 0
}

if [[ -f "$MARKER" ]] && libraries_import; then
  say "already installed: $("$PYTHON" -c "$CHECK") for $PYTHON"
  exit 0
fi

if libraries_import; then
  say "already importable by $PYTHON: $("$PYTHON" -c "$CHECK")"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    missing_libraries "apt-get is not available here, so ${PACKAGES[*]} cannot be installed for $PYTHON (install joblib, \"dask[distributed]\", numpy and psutil with pip for it instead)."
  fi
  as_root() { if [[ "$(id -u)" == "0" ]]; then "$@"; else sudo -n "$@"; fi; }
  if [[ "$(id -u)" != "0" ]] && ! sudo -n true 2>/dev/null; then
    missing_libraries "Installing ${PACKAGES[*]} needs root (or sudo without a password), which this shell does not have."
  fi
  say "apt-get install ${PACKAGES[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${PACKAGES[@]}"; then
    # The package lists may be missing or stale (a fresh container): update them once and retry.
    as_root apt-get -o DPkg::Lock::Timeout=600 update
    as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${PACKAGES[@]}" \
      || missing_libraries "apt-get could not install ${PACKAGES[*]}."
  fi
  libraries_import || missing_libraries "${PACKAGES[*]} are installed but $PYTHON cannot import them: $("$PYTHON" -c "$CHECK" 2>&1 | tail -1)"
fi

mkdir -p "$CACHE"
touch "$MARKER"
say "ready: $("$PYTHON" -c "$CHECK") for $PYTHON"

#!/usr/bin/env bash
# Installs the system tools the email tests drive, if they are missing: Debian's chromium
# (Chromium rendering checks, via playwright-core) and spamassassin (`spamassassin -L -t`).
# Idempotent and quiet when everything is present; run as root in CI (apt-get, no prompts).
# Wired as npm's `pretest`.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v spamassassin >/dev/null 2>&1 || missing+=(spamassassin)
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: missing ${missing[*]} and no apt-get to install them; install them by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "ensure-system-deps: missing ${missing[*]}; run as root (or with sudo) to install them" >&2
    exit 1
  fi
fi

echo "ensure-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_get=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0)
# A fresh CI image has empty package lists; refresh them once, then install.
if ! "${apt_get[@]}" install "${missing[@]}" >/dev/null 2>&1; then
  "${apt_get[@]}" update >/dev/null
  "${apt_get[@]}" install "${missing[@]}" >/dev/null
fi

for tool in "${missing[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "ensure-system-deps: $tool is still missing after apt-get install" >&2
    exit 1
  }
done

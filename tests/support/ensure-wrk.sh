#!/bin/sh
# `make bench` drives a real server with wrk: find Debian's wrk, install it, or say what to install.
set -eu
if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's wrk for the benchmarks..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    command -v wrk >/dev/null 2>&1 && exit 0
fi
echo "The benchmarks need wrk (an HTTP load generator) on the PATH." >&2
echo "Install it with:  sudo apt-get install wrk" >&2
exit 1

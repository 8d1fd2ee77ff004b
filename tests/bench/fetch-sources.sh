#!/usr/bin/env bash
# Fetches Debian source packages for the benchmark programs with
# `apt-get source` into a cache (never into git) and prints, for each
# package, the directory it was unpacked in.
#
# usage: fetch-sources.sh PACKAGE...
# cache: ${MIMIC_CACHE_DIR:-~/.cache/mimic}/bench
#
# The system's apt configuration may have no deb-src lines, and /etc/apt is
# not ours to edit: a private apt configuration under the cache turns the
# system's Debian "deb" entries (those of this release) into "deb-src" and
# keeps its own package lists.
set -eu

cache=${MIMIC_CACHE_DIR:-$HOME/.cache/mimic}/bench
apt_dir=$cache/apt
src_dir=$cache/src
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "fetch-sources: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }

# Writes deb-src versions of the system's entries for $codename.
write_source_list() {
    mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/archives/partial"
    : >"$apt_dir/sources.list"
    if [ -f /etc/apt/sources.list ]; then
        awk -v c="$codename" '$1 == "deb" && $0 ~ c { $1 = "deb-src"; print }' \
            /etc/apt/sources.list >>"$apt_dir/sources.list"
    fi
    rm -f "$apt_dir/sources.list.d/"*.sources
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822 stanzas are separated by blank lines; keep the ones for
        # this release, as deb-src.
        awk -v c="$codename" 'BEGIN { RS = ""; ORS = "\n\n" }
            $0 ~ "Suites:[^\n]*" c && $0 ~ /Types:[^\n]*deb/ {
                sub(/Types:[^\n]*/, "Types: deb-src"); print }' \
            "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
    done
    for f in /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk -v c="$codename" '$1 == "deb" && $0 ~ c { $1 = "deb-src"; print }' \
            "$f" >>"$apt_dir/sources.list"
    done
}

apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=$(id -un)"
)

# The unpacked directory of package $1 (apt-get source names it
# PACKAGE-UPSTREAMVERSION), if any.
unpacked_dir() {
    local d
    for d in "$src_dir/$1"-*/; do
        [ -d "$d" ] && { echo "${d%/}"; return 0; }
    done
    return 1
}

mkdir -p "$src_dir"
for pkg in "$@"; do
    if ! dir=$(unpacked_dir "$pkg"); then
        if ! ls "$apt_dir/lists/"*Sources* >/dev/null 2>&1; then
            write_source_list
            apt-get -qq "${apt_opts[@]}" update >&2 ||
                { echo "fetch-sources: apt-get update (deb-src) failed" >&2; exit 1; }
        fi
        (cd "$src_dir" && apt-get -qq "${apt_opts[@]}" source "$pkg" >&2) ||
            { echo "fetch-sources: apt-get source $pkg failed" >&2; exit 1; }
        dir=$(unpacked_dir "$pkg") ||
            { echo "fetch-sources: $pkg unpacked nowhere in $src_dir" >&2; exit 1; }
    fi
    echo "$dir"
done

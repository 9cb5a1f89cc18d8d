#!/usr/bin/env bash
# Builds a Jekyll site with real Jekyll (in a temporary copy: nothing is written into SITE) and
# copies each published post's output page to OUTDIR/<post-id>.html (post-id = the source file
# name without its extension). Used by the leak-guard test to see what the blog itself shows.
#
#   tests/tools/jekyll-posts.sh SITE OUTDIR
#
# Exit 1 if Jekyll fails; its messages go to stderr. Outputs that are not HTML pages (a `.bak`
# file Jekyll publishes as a post) are skipped, as in jekyll-reference/build-reference.sh.
set -euo pipefail
site="$1"
out="$2"
command -v jekyll >/dev/null || { echo "jekyll-posts.sh: jekyll not found" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$out"
(cd "$site" && tar --exclude=_site --exclude=.jekyll-cache --exclude=.hanmoto-cache -cf - .) \
    | (cd "$work/src" && tar -xf -)
cat > "$work/src/hanmoto-posts.txt" <<'LIQUID'
---
permalink: /hanmoto-posts.txt
---
{% for p in site.posts %}{{ p.path }}	{{ p.url }}
{% endfor %}
LIQUID
if ! (cd "$work/src" && jekyll build --source . --destination "$work/site" \
        >"$work/jekyll.out" 2>"$work/jekyll.err"); then
    cat "$work/jekyll.out" "$work/jekyll.err" >&2
    exit 1
fi
while IFS=$'\t' read -r path url; do
    [ -n "$path" ] || continue
    file="${path##*/}"
    case "$file" in *.md|*.markdown|*.html) ;; *) continue ;; esac
    case "$url" in */) url="${url}index.html" ;; esac
    [ -f "$work/site$url" ] && cp "$work/site$url" "$out/${file%.*}.html"
done < "$work/site/hanmoto-posts.txt"

#!/usr/bin/env bash
# Install what `storyline bench tls` needs to score timelines (benchmark only, not the product):
# tilse 0.2.1 (which bundles pyrouge and Perl ROUGE-1.5.5) with numpy, scipy and nltk, into
# .venv; and, for `--rouge original` (the papers' Perl ROUGE), Debian's libxml-parser-perl.
# Safe to run again: it installs only what is missing.
#
# tilse is installed with --no-deps: its declared requirements pin old versions that do not build
# on current Python; the four packages above are all it imports for scoring.
set -euo pipefail
cd "$(dirname "$0")/.."

TILSE_VERSION=0.2.1

if [ ! -x .venv/bin/python ]; then
  echo "install-tls-bench: .venv is missing; run scripts/setup-venv.sh first." >&2
  exit 1
fi

if ! .venv/bin/python -c "import importlib.metadata as m; \
    raise SystemExit(m.version('tilse') != '$TILSE_VERSION')" 2>/dev/null; then
  .venv/bin/python -m pip install -q --no-deps "tilse==$TILSE_VERSION"
fi
for package in numpy scipy nltk; do
  if ! .venv/bin/python -c "import $package" 2>/dev/null; then
    .venv/bin/python -m pip install -q --no-deps "$package"
  fi
done

# Perl ROUGE (--rouge original) needs XML::Parser; reimpl does not.
if perl -MXML::Parser -e 1 2>/dev/null; then
  :
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  if ! { apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml-parser-perl; }; then
    echo "install-tls-bench: apt-get could not install libxml-parser-perl;" \
      "use --rouge reimpl (Perl ROUGE unavailable)." >&2
  fi
else
  echo "install-tls-bench: Perl XML::Parser is missing and this is not root with apt-get;" \
    "as root: apt-get install -y libxml-parser-perl. Until then use --rouge reimpl." >&2
fi
echo "install-tls-bench: tilse $TILSE_VERSION ready in .venv"

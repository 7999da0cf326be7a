#!/bin/sh
# Fills in the blank secrets of a Stepgraph .env file (default: ./.env, a copy of .env.example) with
# random values, for the docker compose stack (docs/deployment.md). A variable that already has a
# value is left alone, so running it again changes nothing. Needs only a POSIX shell and /dev/urandom.
set -eu

file=${1:-.env}
if [ ! -f "$file" ]; then
  echo "No $file: run cp .env.example $file first." >&2
  exit 1
fi

# Letters and digits only: the values go into URLs (POSTGRES_PASSWORD) and sed expressions.
random() {
  LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$1"
}

# Sets NAME=VALUE when the file has the line "NAME=" (blank), or no NAME line at all.
fill() {
  if grep -q "^$1=." "$file"; then
    echo "$1: kept"
  elif grep -q "^$1=\$" "$file"; then
    sed "s|^$1=\$|$1=$2|" "$file" >"$file.tmp" && cat "$file.tmp" >"$file" && rm "$file.tmp"
    echo "$1: $3"
  else
    printf '%s=%s\n' "$1" "$2" >>"$file"
    echo "$1: $3"
  fi
}

fill JWT_SECRET "$(random 48)" 'generated'
fill WEBHOOK_SECRET_KEY "$(random 48)" 'generated'
fill POSTGRES_PASSWORD "$(random 32)" 'generated'
fill ADMIN_EMAIL 'admin@stepgraph.local' 'admin@stepgraph.local (the first admin; edit it before the first start if you like)'
fill ADMIN_PASSWORD "$(random 24)" "generated: sign in with it (grep ADMIN_PASSWORD $file), then change it in the console"
chmod 600 "$file"

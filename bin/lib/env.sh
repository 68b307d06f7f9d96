# Sourced by the bin/ commands: finds a JDK >= 21 and Node.js >= 20 (dynalite, the DynamoDB engine
# of tests and the local stack) without any set-up by hand.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# JAVA_HOME if it is >= 21, else `java` on PATH, else the newest JDK >= 21 under /usr/lib/jvm.
require_jdk21() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      if [ "${major%%.*}" -ge 24 ]; then
        # Maven's own Guice touches sun.misc.Unsafe; keep JDK 24+ from warning about it on every run.
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "No JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "Install one (e.g. apt-get install openjdk-21-jdk or Temurin 21+) and run again." >&2
  return 1
}

# dynalite runs on Node.js 20+; installed from Debian's packages when missing and we are root.
require_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Node.js 20+ not found: installing Debian's nodejs and npm" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] && return 0
  fi
  echo "Node.js 20 or newer is required (it runs dynalite, the DynamoDB engine of tests and the local stack)." >&2
  return 1
}

# The demo-page end-to-end test drives Debian's Chromium through ChromeDriver.
require_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium not found: installing Debian's chromium and chromium-driver for the browser test" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
      && return 0
  fi
  echo "Chromium and ChromeDriver are missing: the browser test of the demo page will be skipped." >&2
}

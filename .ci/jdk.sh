# Sourced, not run: exports JAVA_HOME as the newest JDK >= 21 found on this machine, chosen by
# the version each JDK reports, never by a fixed path. Candidates: the current JAVA_HOME, the
# `javac` on the PATH, and everything under /usr/lib/jvm and /opt/java.

jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

pick_jdk() {
  local best="" best_major=0 candidate major
  local from_path=""
  if command -v javac >/dev/null 2>&1; then
    from_path=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for candidate in "${JAVA_HOME:-}" "$from_path" /usr/lib/jvm/* /opt/java/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(jdk_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate" best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, the PATH, /usr/lib/jvm, /opt/java)." >&2
    echo "Install one, e.g. Temurin 21 or 25, and run again." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "Using JDK $best_major at $JAVA_HOME"
}

pick_jdk

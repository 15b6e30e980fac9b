# Sourced by bin/serve and bin/test: sets JAVA_HOME to a Java 21+ JDK or exits with a clear message.
# Order: JAVA_HOME when it is new enough, else the newest JDK installed beside the default `java`.
# With GREENHOUSE_JAVA_NEEDS=runtime (bin/serve when nothing needs building) a JRE will do.
# GREENHOUSE_JVM_DIRS replaces the directories searched after the default java's own.

greenhouse_java_major() {  # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" version
  if [ -r "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  elif [ -x "$1/bin/java" ]; then
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s' "${version%%[.+-]*}"
}

greenhouse_is_jdk21() {  # true when $1 is a JDK (java and javac; java alone for a runtime) of version 21 or newer
  local major
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ "${GREENHOUSE_JAVA_NEEDS:-jdk}" = runtime ] || [ -x "$1/bin/javac" ] || return 1
  major=$(greenhouse_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null
}

greenhouse_find_java() {
  if greenhouse_is_jdk21 "${JAVA_HOME:-}"; then
    return 0
  fi
  local default_java jvm_dir candidate best="" best_major=0 major
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    local home
    home=$(dirname "$(dirname "$(readlink -f "$default_java")")")  # .../jvm/<jdk>/bin/java -> .../jvm/<jdk>
    [ "$(basename "$home")" = jre ] && home=$(dirname "$home")
    jvm_dir=$(dirname "$home")
  fi
  # shellcheck disable=SC2086  # GREENHOUSE_JVM_DIRS: where else to look, space-separated
  for dir in ${jvm_dir:+"$jvm_dir"} ${GREENHOUSE_JVM_DIRS:-/usr/lib/jvm /usr/java /opt/java /opt}; do
    [ -d "$dir" ] || continue
    for candidate in "$dir"/*; do
      [ -L "$candidate" ] && continue
      greenhouse_is_jdk21 "$candidate" || continue
      major=$(greenhouse_java_major "$candidate")
      if [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done
    [ -n "$best" ] && break
  done
  if [ -z "$best" ]; then
    local what="JDK"
    [ "${GREENHOUSE_JAVA_NEEDS:-jdk}" = runtime ] && what="Java runtime"
    echo "greenhouse: no Java 21+ $what found. Set JAVA_HOME to one (JAVA_HOME=${JAVA_HOME:-unset}; default java: ${default_java:-none})." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

greenhouse_find_java
export PATH="$JAVA_HOME/bin:$PATH"

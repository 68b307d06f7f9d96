#!/usr/bin/env bash
# First-call cost of an EMF line in a fresh JVM: aws-embedded-metrics vs the project's EmfMetrics.
# Needs billing-core compiled (target/classes) and the library in ~/.m2 (mvn dependency:get
# -Dartifact=software.amazon.cloudwatchlogs:aws-embedded-metrics:4.1.2). Usage: bench/emf/run.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$here/../.."
source "$root/bin/lib/env.sh"; require_jdk21
runs="${1:-20}"; m2="$HOME/.m2/repository"; out="$(mktemp -d)"
gson="$m2/com/google/code/gson/gson/2.13.2/gson-2.13.2.jar"
lib="$m2/software/amazon/cloudwatchlogs/aws-embedded-metrics/4.1.2/aws-embedded-metrics-4.1.2.jar"
for j in com/fasterxml/jackson/core/jackson-core/2.14.2/jackson-core-2.14.2.jar \
  com/fasterxml/jackson/core/jackson-databind/2.14.2/jackson-databind-2.14.2.jar \
  com/fasterxml/jackson/core/jackson-annotations/2.14.2/jackson-annotations-2.14.2.jar \
  com/fasterxml/jackson/datatype/jackson-datatype-jsr310/2.14.2/jackson-datatype-jsr310-2.14.2.jar \
  org/slf4j/slf4j-api/2.0.6/slf4j-api-2.0.6.jar org/javatuples/javatuples/1.2/javatuples-1.2.jar \
  org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar; do lib="$lib:$m2/$j"; done
small="$root/functions/billing-core/target/classes:$gson"
"$JAVA_HOME/bin/javac" -d "$out" -cp "$lib:$small" "$here"/*.java
export AWS_EMF_ENVIRONMENT=Local  # the library writes to stdout, no environment probing
run() { # name classpath main
  local f="$out/$1.txt"; : > "$f"
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s%N)
    "$JAVA_HOME/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$out:$2" "$3" 2>>"$f" >/dev/null
    t1=$(date +%s%N); echo "jvm_ms $(( (t1 - t0) / 1000000 ))" >> "$f"
  done
  local classes; classes=$("$JAVA_HOME/bin/java" -Xlog:class+load:file="$out/$1.cl" -cp "$out:$2" "$3" >/dev/null 2>&1; wc -l < "$out/$1.cl")
  awk -v n="$1" -v c="$classes" '
    /first_call_ms/ {f[++nf]=$2} /jvm_ms/ {j[++nj]=$2}
    function med(a,k,  i,t,x,y){for(x=1;x<=k;x++)for(y=x+1;y<=k;y++)if(a[y]<a[x]){t=a[x];a[x]=a[y];a[y]=t};return a[int((k+1)/2)]}
    END {printf "%-12s runs=%d first_call_ms median=%.1f  whole_jvm_ms median=%d  classes_loaded=%d\n", n, nf, med(f,nf), med(j,nj), c}' "$f"
}
run library "$lib" EmfLibraryFirstCall
run small "$small" EmfSmallClassFirstCall
uptime

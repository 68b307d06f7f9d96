#!/usr/bin/env bash
# Runs every benchmark of bench/README.md and writes the results to bench/target/results/:
#   1. cold start: a fresh process per request, Java function vs Node twin (hyperfine, alternating rounds)
#   2. warm cost: JMH (webhook verify+parse+enqueue, provisioning apply per event type)
#   3. throughput: webhook -> SQS FIFO -> provisioning (one consumer) -> DynamoDB on embedded engines,
#      one FIFO group per customer (as real traffic) and every event in one group (single customer)
#   4. size: deployment jar sizes and classes loaded to serve the first request
#   ric: cold starts of all six functions under AWS's runtime interface client against a mock Runtime
#      API (RicColdStart), with the SnapStart priming path; Node twins under node-twin/runtime.js, A B pairs
#   latency: open-loop webhook latency at 100/200/300/400 events/s offered (Throughput rates=)
#   reconciler: one reconciler run against the local Stripe stand-in (events/s, Stripe calls per event)
#   backfill: bin/admin backfill --all's path (unpaced) against the local stack's Stripe stand-in: objects/s,
#      Stripe calls per customer, and the time 10,000 customers take within Stripe's test-mode rate limit
#   soak: sustained signed webhook traffic (10 % duplicates, 5 % invalid signatures) against the local stack
#      in its own JVM: nothing acknowledged lost, nothing twice, latency, heap and threads (not in the default
#      set; BENCH_SOAK_ARGS, e.g. "seconds=600 rate=50" for the 10-minute run)
#   levers: webhook cold start under JVM defaults, AppCDS, the JDK 25 AOT cache, without logging, and
#      with the log4j2 set-ups the functions had before logback (as shipped, and tuned)
#
# Usage: bench/run.sh [--quick] [ric] [cold] [levers] [jmh] [latency] [throughput] [size] [reconciler] [backfill] [soak]
#   (none = all but levers and soak)
#   --quick   a few runs/iterations of each, to check the harness (about 3 minutes instead of ~20)
# Needs a JDK >= 21 and Node.js >= 20 (found like bin/test does), and hyperfine (installed from
# Debian's packages when missing and run as root). The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bin/lib/env.sh
require_jdk21
require_node

QUICK=0
SECTIONS=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    ric|cold|levers|jmh|latency|throughput|size|reconciler|backfill|soak) SECTIONS+=("$arg") ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see $0 --help)" >&2; exit 2 ;;
  esac
done
[ ${#SECTIONS[@]} -eq 0 ] && SECTIONS=(ric cold jmh latency throughput size reconciler backfill)
want() { local s; for s in "${SECTIONS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

# BENCH_JMH_ARGS, BENCH_JMH_INCLUDE (a JMH regex), BENCH_TP_ARGS, BENCH_LATENCY_ARGS and BENCH_RIC_ARGS
# replace a section's defaults.
JMH_INCLUDE=${BENCH_JMH_INCLUDE:-app.billing.bench.jmh.*}
if [ "$QUICK" = 1 ]; then
  ROUNDS=1; RUNS=3; JMH_ARGS=(-wi 1 -w 1 -i 2 -r 1 -f 1); TP_ARGS=(warmup=5 paced=10 burst=10)
  LATENCY_ARGS=(warmup=2 rates=100,200 seconds=1); RIC_ARGS=(runs=1 minBlocks=1 maxBlocks=1)
  RC_ARGS=(customers=10 updates=5); BACKFILL_CUSTOMERS=10; SOAK_ARGS=(seconds=5 rate=20 tenants=3)
else
  ROUNDS=${BENCH_ROUNDS:-3}; RUNS=${BENCH_RUNS:-10}
  read -r -a JMH_ARGS <<< "${BENCH_JMH_ARGS:-}"
  read -r -a TP_ARGS <<< "${BENCH_TP_ARGS:-warmup=30 paced=150 burst=150}"
  read -r -a LATENCY_ARGS <<< "${BENCH_LATENCY_ARGS:-warmup=20 rates=100,200,300,400 seconds=10}"
  read -r -a RIC_ARGS <<< "${BENCH_RIC_ARGS:-runs=4 minBlocks=3 maxBlocks=6 spread=5}"
  # The stand-in keeps its newest 2,000 events: 180 customers x (1 created + 10 updated) fit.
  RC_ARGS=(customers=180 updates=10)
  BACKFILL_CUSTOMERS=${BENCH_BACKFILL_CUSTOMERS:-300}
  read -r -a SOAK_ARGS <<< "${BENCH_SOAK_ARGS:-seconds=60 rate=50 tenants=10}"
fi

OUT=bench/target/results
RUN=bench/target/run
rm -rf "$OUT" "$RUN"
mkdir -p "$OUT" "$RUN"
log() { printf '\n== %s\n' "$*" >&2; }
# The machine's load at the start and end of every section, kept with the figures (results JSON).
SECTION_NAME=; SECTION_START=; SECTION_LOAD=
section() {
  section_end
  SECTION_NAME=$1; SECTION_START=$(date -u +%Y-%m-%dT%H:%M:%SZ); SECTION_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  log "section $1 (load average $SECTION_LOAD)"
}
section_end() {
  if [ -n "$SECTION_NAME" ]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$SECTION_NAME" "$SECTION_START" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      "$SECTION_LOAD" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/sections.tsv"
  fi
  SECTION_NAME=
}

# The JVM flags of Lambda's java21 managed runtime: C1 only (TieredStopAtLevel=1), serial GC, the JDK's
# CDS archive. https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html
LAMBDA_JVM=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

log "machine"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -2 | tail -1)"
  echo "node: $(node --version)"
  echo "hyperfine: $(command -v hyperfine >/dev/null && hyperfine --version || echo missing)"
  echo "section args: ric ${RIC_ARGS[*]}; jmh $JMH_INCLUDE ${JMH_ARGS[*]:-(annotation defaults)}; latency ${LATENCY_ARGS[*]}; throughput ${TP_ARGS[*]}; hyperfine $ROUNDS rounds x $RUNS runs"
} | tee "$OUT/machine.txt" >&2
if awk '{exit !($1 > 1.0)}' /proc/loadavg; then
  echo "WARNING: load average above 1 on $(nproc) cores: other work is running, figures will be noisy." >&2
fi

log "build: function jars and the bench module"
section build
./mvnw -q -B -ntp -pl functions/webhook,functions/provisioning,functions/authorizer,functions/checkout,functions/portal,functions/account,bench \
  -am package -DskipTests
CHECKOUT_JAR=functions/checkout/target/checkout-function.jar
BENCH_CP="bench/target/classes:$(cat bench/target/runtime-classpath.txt)"
# The cold-start mains alone, in a jar (CDS and the AOT cache accept jars only): on the functions'
# classpath after the deployment jar, so every class a function uses comes from its deployment jar.
COLD_JAR="$RUN/bench-coldstart.jar"
"$JAVA_HOME/bin/jar" --create --file "$COLD_JAR" -C bench/target/classes app/billing/bench/coldstart/WebhookColdStart.class \
  -C bench/target/classes app/billing/bench/coldstart/ProvisioningColdStart.class \
  -C bench/target/classes app/billing/bench/coldstart/CheckoutColdStart.class
HAVE_CHECKOUT=0
if [ -f "$CHECKOUT_JAR" ] && [ "$(unzip -Z1 "$CHECKOUT_JAR" | grep -c '^app/billing/checkout/handler/CheckoutHandler.class$')" -gt 0 ]; then
  HAVE_CHECKOUT=1
else
  echo "no CheckoutHandler in $CHECKOUT_JAR yet: the checkout pair is skipped" >&2
fi

engines_pid=
stop_engines() {
  if [ -n "$engines_pid" ]; then
    kill "$engines_pid" 2>/dev/null || true
    wait "$engines_pid" 2>/dev/null || true
  fi
  engines_pid=
}
trap stop_engines EXIT

start_engines() {
  log "engines: ElasticMQ (FIFO queue), dynalite (billing table), SES and Stripe stand-ins"
  "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.Engines "$RUN/engines.env" 60 >"$RUN/engines.log" 2>&1 &
  engines_pid=$!
  for _ in $(seq 120); do [ -f "$RUN/engines.env" ] && break; sleep 0.5; done
  [ -f "$RUN/engines.env" ] || { cat "$RUN/engines.log" >&2; echo "engines did not start" >&2; exit 1; }
  set -a; source "$RUN/engines.env"; set +a
}

if want ric; then
  section ric
  log "Node twin: npm ci"
  (cd bench/node-twin && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  start_engines
  log "cold starts under the runtime interface client: ${RIC_ARGS[*]}"
  NODE_BIN=$(command -v node) "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.ric.RicColdStart \
    env="$RUN/engines.env" work="$RUN/ric" out="$OUT/ric-cold-start.json" "${RIC_ARGS[@]}"
  stop_engines
  rm -f "$RUN/engines.env"
fi

if want cold || want levers; then
  section cold
  if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing hyperfine from Debian's packages" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
    else
      echo "hyperfine is required for the cold-start section (apt-get install hyperfine)" >&2; exit 1
    fi
  fi
  log "Node twin: npm ci"
  (cd bench/node-twin && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  start_engines
  EVENTS=bench/target/classes/bench-events
  JAVA_BIN="$JAVA_HOME/bin/java"
  NODE_BIN=$(command -v node)
  # Every run gets a new event (fresh id, signed now), prepared outside the timed command.
  PREP_WEBHOOK="$NODE_BIN bench/node-twin/sign.js $EVENTS/08-checkout.session.completed.json $RUN/webhook-body.json $RUN/webhook-signature.txt $STRIPE_WEBHOOK_SECRETS"
  PREP_PROVISIONING="$NODE_BIN bench/node-twin/sign.js $EVENTS/14-customer.subscription.updated.json $RUN/provisioning-body.json $RUN/provisioning-signature.txt $STRIPE_WEBHOOK_SECRETS"
  JAVA_WEBHOOK="$JAVA_BIN ${LAMBDA_JVM[*]} -cp functions/webhook/target/webhook-function.jar:$COLD_JAR app.billing.bench.coldstart.WebhookColdStart $RUN/webhook-body.json $RUN/webhook-signature.txt"
  NODE_WEBHOOK="$NODE_BIN bench/node-twin/webhook.js $RUN/webhook-body.json $RUN/webhook-signature.txt"
  JAVA_PROVISIONING="$JAVA_BIN ${LAMBDA_JVM[*]} -cp functions/provisioning/target/provisioning-function.jar:$COLD_JAR app.billing.bench.coldstart.ProvisioningColdStart $RUN/provisioning-body.json"
  # Checkout: each run takes the next seeded tenant (no Stripe customer yet): customer + session created.
  echo '{"plan":"pro","billing_cycle":"monthly"}' > "$RUN/checkout-body.json"
  PREP_CHECKOUT="$NODE_BIN bench/node-twin/next-tenant.js $RUN/checkout-counter.txt $RUN/checkout-tenant.txt $BENCH_TENANTS"
  JAVA_CHECKOUT="$JAVA_BIN ${LAMBDA_JVM[*]} -cp $CHECKOUT_JAR:$COLD_JAR app.billing.bench.coldstart.CheckoutColdStart $RUN/checkout-tenant.txt $RUN/checkout-body.json"
  NODE_CHECKOUT="$NODE_BIN bench/node-twin/checkout.js $RUN/checkout-tenant.txt $RUN/checkout-body.json"

  # Each command once by hand first: a broken run must fail loudly, not be timed.
  $PREP_WEBHOOK && $JAVA_WEBHOOK >"$RUN/check-java-webhook.txt" 2>&1 || { cat "$RUN/check-java-webhook.txt" >&2; exit 1; }
  $PREP_WEBHOOK && $NODE_WEBHOOK >"$RUN/check-node-webhook.txt" 2>&1 || { cat "$RUN/check-node-webhook.txt" >&2; exit 1; }
  $PREP_PROVISIONING && $JAVA_PROVISIONING >"$RUN/check-java-provisioning.txt" 2>&1 || { cat "$RUN/check-java-provisioning.txt" >&2; exit 1; }
  if [ "$HAVE_CHECKOUT" = 1 ]; then
    $PREP_CHECKOUT && $JAVA_CHECKOUT >"$RUN/check-java-checkout.txt" 2>&1 || { cat "$RUN/check-java-checkout.txt" >&2; exit 1; }
    $PREP_CHECKOUT && $NODE_CHECKOUT >"$RUN/check-node-checkout.txt" 2>&1 || { cat "$RUN/check-node-checkout.txt" >&2; exit 1; }
  fi
fi

if want cold; then
  log "cold start: $ROUNDS alternating round(s) of hyperfine --warmup 1 --runs $RUNS"
  cold_cmds=(
    --prepare "$PREP_WEBHOOK" --prepare "$PREP_WEBHOOK" --prepare "$PREP_PROVISIONING"
    -n java-webhook "$JAVA_WEBHOOK" -n node-webhook "$NODE_WEBHOOK" -n java-provisioning "$JAVA_PROVISIONING"
  )
  if [ "$HAVE_CHECKOUT" = 1 ]; then
    cold_cmds+=(--prepare "$PREP_CHECKOUT" --prepare "$PREP_CHECKOUT"
      -n java-checkout "$JAVA_CHECKOUT" -n node-checkout "$NODE_CHECKOUT")
  fi
  files=()
  for round in $(seq "$ROUNDS"); do
    hyperfine -N --warmup 1 --runs "$RUNS" --style basic --export-json "$OUT/cold-round$round.json" \
      "${cold_cmds[@]}" >&2
    files+=("$OUT/cold-round$round.json")
  done
  "$JAVA_BIN" -cp "$BENCH_CP" app.billing.bench.coldstart.ColdStartReport "$OUT/cold-start.md" "${files[@]}"

  log "classes loaded to serve the first request (-Xlog:class+load)"
  {
    echo "| function | classes loaded | from the JDK's CDS archive | other JDK classes | from the function jar |"
    echo "|---|---:|---:|---:|---:|"
    fns=(webhook provisioning)
    [ "$HAVE_CHECKOUT" = 1 ] && fns+=(checkout)
    for fn in "${fns[@]}"; do
      case "$fn" in
        webhook) prep=$PREP_WEBHOOK; cmd=$JAVA_WEBHOOK ;;
        provisioning) prep=$PREP_PROVISIONING; cmd=$JAVA_PROVISIONING ;;
        checkout) prep=$PREP_CHECKOUT; cmd=$JAVA_CHECKOUT ;;
      esac
      $prep
      # shellcheck disable=SC2086
      ${cmd/ -cp / -Xlog:class+load=info:file=$RUN/classes-$fn.txt -cp } >/dev/null 2>&1
      total=$(grep -c 'class,load' "$RUN/classes-$fn.txt")
      cds=$(grep -c 'source: shared objects file' "$RUN/classes-$fn.txt" || true)
      jrt=$(grep -c 'source: jrt:/' "$RUN/classes-$fn.txt" || true)
      jar=$(grep -c "source: file:.*$fn-function.jar" "$RUN/classes-$fn.txt" || true)
      echo "| $fn | $total | $cds | $jrt | $jar |"
    done
  } | tee "$OUT/classes.md" >&2
fi

if want levers; then
  section levers
  log "levers: the webhook cold start with other JVM set-ups (not what Lambda's managed java21 runtime runs)"
  WEBHOOK_CP=functions/webhook/target/webhook-function.jar:$COLD_JAR
  WEBHOOK_MAIN="app.billing.bench.coldstart.WebhookColdStart $RUN/webhook-body.json $RUN/webhook-signature.txt"
  # Training runs: one request each, the archives are written at exit.
  $PREP_WEBHOOK
  "$JAVA_BIN" "${LAMBDA_JVM[@]}" -XX:ArchiveClassesAtExit="$RUN/webhook-appcds.jsa" -cp "$WEBHOOK_CP" $WEBHOOK_MAIN >"$RUN/train-appcds.txt" 2>&1
  lever_cmds=(
    -n java-lambda-flags "$JAVA_WEBHOOK"
    -n java-jvm-defaults "$JAVA_BIN -cp $WEBHOOK_CP $WEBHOOK_MAIN"
    -n java-appcds "$JAVA_BIN ${LAMBDA_JVM[*]} -XX:SharedArchiveFile=$RUN/webhook-appcds.jsa -cp $WEBHOOK_CP $WEBHOOK_MAIN"
    -n java-no-logging "$JAVA_BIN ${LAMBDA_JVM[*]} -cp bench/target/levers/slf4j-nop.jar:$WEBHOOK_CP $WEBHOOK_MAIN"
  )
  # The logging the functions had before logback (billing-logback): log4j2 2.x + JsonTemplateLayout with the former
  # log4j2.xml, and the same tuned (log4j2.component.properties: no JMX, no shutdown hook, basic context
  # selector; a PatternLayout writing the JSON). The jars and configuration come after the function jar
  # (which holds neither, so its classes are found first as in the real thing); -Dslf4j.provider makes
  # SLF4J bind log4j2's provider instead of the function jar's.
  LEVERS=bench/target/levers
  LOG4J2_CP=$LEVERS/log4j-slf4j2-impl.jar:$LEVERS/log4j-api.jar:$LEVERS/log4j-core.jar
  LOG4J2_FLAGS="-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider -Dslf4j.internal.verbosity=WARN"
  lever_cmds+=(
    -n java-log4j2-json-template "$JAVA_BIN ${LAMBDA_JVM[*]} $LOG4J2_FLAGS -cp $WEBHOOK_CP:bench/src/levers/log4j2-json-template:$LOG4J2_CP:$LEVERS/log4j-layout-template-json.jar $WEBHOOK_MAIN"
    -n java-log4j2-tuned "$JAVA_BIN ${LAMBDA_JVM[*]} $LOG4J2_FLAGS -cp $WEBHOOK_CP:bench/src/levers/log4j2-tuned:$LOG4J2_CP $WEBHOOK_MAIN"
  )
  if [ "$(java_major "$JAVA_BIN" | cut -d. -f1)" -ge 25 ]; then
    $PREP_WEBHOOK
    # The AOT cache replaces -Xshare (the JVM refuses both): Lambda's flags without it.
    "$JAVA_BIN" "${LAMBDA_JVM[@]:0:3}" -XX:AOTCacheOutput="$RUN/webhook.aot" -cp "$WEBHOOK_CP" $WEBHOOK_MAIN >"$RUN/train-aot.txt" 2>&1
    lever_cmds+=(-n java-aot-cache "$JAVA_BIN ${LAMBDA_JVM[*]:0:3} -XX:AOTCache=$RUN/webhook.aot -cp $WEBHOOK_CP $WEBHOOK_MAIN")
  fi
  lever_cmds+=(-n node-webhook "$NODE_WEBHOOK")
  files=()
  for round in $(seq "$ROUNDS"); do
    hyperfine -N --warmup 1 --runs "$RUNS" --style basic --export-json "$OUT/levers-round$round.json" \
      --prepare "$PREP_WEBHOOK" "${lever_cmds[@]}" >&2
    files+=("$OUT/levers-round$round.json")
  done
  "$JAVA_BIN" -cp "$BENCH_CP" app.billing.bench.coldstart.ColdStartReport "$OUT/levers.md" "${files[@]}"
fi
stop_engines

if want size; then
  section size
  log "deployment jar sizes"
  {
    echo "| deployment jar | bytes | MiB | classes in jar |"
    echo "|---|---:|---:|---:|"
    for jar in functions/*/target/*-function.jar; do
      case "$jar" in */original-*) continue ;; esac
      bytes=$(stat -c %s "$jar")
      classes=$(unzip -Z1 "$jar" | grep -c '\.class$' || true)
      printf '| %s | %d | %s | %d |\n' "$(basename "$jar")" "$bytes" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')" "$classes"
    done
  } | tee "$OUT/sizes.md" >&2
fi

if want jmh; then
  section jmh
  log "warm cost: JMH (app logging at WARN so the console is not measured)"
  for flags in default lambda; do
    jvm_args=()
    [ "$flags" = lambda ] && jvm_args=(-jvmArgsAppend "${LAMBDA_JVM[*]}")
    LOG_LEVEL=WARN "$JAVA_HOME/bin/java" -cp "$BENCH_CP" org.openjdk.jmh.Main "${JMH_ARGS[@]}" "${jvm_args[@]}" \
      -rf json -rff "$OUT/jmh-$flags.json" -o "$OUT/jmh-$flags.txt" "$JMH_INCLUDE"
    sed -n '/^Benchmark/,$p' "$OUT/jmh-$flags.txt" | tee "$OUT/jmh-$flags-summary.txt" >&2
  done
fi

if want latency; then
  section latency
  log "open-loop latency: ${LATENCY_ARGS[*]} (function logs in $OUT/latency-functions.log)"
  "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.throughput.Throughput paced=0 burst=0 "${LATENCY_ARGS[@]}" \
    report="$OUT/latency.md" json="$OUT/latency.json" >"$OUT/latency-functions.log" 2>"$OUT/latency-stderr.log" \
    || { tail -50 "$OUT/latency-stderr.log" >&2; exit 1; }
  grep '^THROUGHPUT' "$OUT/latency-stderr.log" >&2
fi

if want reconciler; then
  section reconciler
  # After an outage: every event undelivered; one run at Stripe's test-mode pace, then with five 429s to ride out.
  for variant in paced rate-limited; do
    case "$variant" in
      paced) extra=(rate=25) ;;
      rate-limited) extra=(rate=25 rateLimited=5) ;;
    esac
    log "reconciler ($variant): Events API pages of the Stripe stand-in -> SQS FIFO"
    LOG_LEVEL=ERROR "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.reconcile.ReconcilerThroughput "${RC_ARGS[@]}" \
      "${extra[@]}" "report=$OUT/reconciler-$variant.md" 2>"$OUT/reconciler-$variant-stderr.log" \
      || { tail -50 "$OUT/reconciler-$variant-stderr.log" >&2; exit 1; }
    grep '^RECONCILER' "$OUT/reconciler-$variant-stderr.log" >&2
  done
fi

if want throughput; then
  section throughput
  # Twice: each customer its own FIFO group (real traffic: provisioning runs a batch's groups in parallel
  # lanes), then every event in one group (one customer: FIFO order serialises everything).
  for variant in customers one-group; do
    case "$variant" in
      customers) suffix=; groups=0 ;;
      one-group) suffix=-one-group; groups=1 ;;
    esac
    log "throughput ($variant): webhook -> SQS -> provisioning -> DynamoDB (function logs in $OUT/throughput$suffix-functions.log)"
    "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.throughput.Throughput "${TP_ARGS[@]}" "groups=$groups" \
      "report=$OUT/throughput$suffix.md" "json=$OUT/throughput$suffix.json" >"$OUT/throughput$suffix-functions.log" 2>"$OUT/throughput$suffix-stderr.log" \
      || { tail -50 "$OUT/throughput$suffix-stderr.log" >&2; exit 1; }
    grep '^THROUGHPUT' "$OUT/throughput$suffix-stderr.log" >&2
  done
fi

if want backfill; then
  section backfill
  log "backfill: $BACKFILL_CUSTOMERS customers seeded in the Stripe stand-in, then backfill --all into a fresh table"
  "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.recovery.BackfillBench "customers=$BACKFILL_CUSTOMERS" \
    "dir=$OUT/backfill-stack" "report=$OUT/backfill.md" >"$OUT/backfill-functions.log" 2>"$OUT/backfill-stderr.log" \
    || { tail -50 "$OUT/backfill-stderr.log" >&2; exit 1; }
  grep '^BACKFILL' "$OUT/backfill-stderr.log" >&2
fi

if want soak; then
  section soak
  log "soak: ${SOAK_ARGS[*]} against the local stack in its own JVM (fresh data dir $RUN/soak-stack)"
  "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.soak.Soak "${SOAK_ARGS[@]}" \
    "dir=$RUN/soak-stack" "log=$OUT/soak-stack.log" "report=$OUT/soak.md" >"$OUT/soak-harness.log" 2>"$OUT/soak-stderr.log" \
    || { tail -50 "$OUT/soak-stderr.log" >&2; grep '^SOAK' "$OUT/soak-stderr.log" >&2 || true; exit 1; }
  grep '^SOAK' "$OUT/soak-stderr.log" >&2
fi

section_end
log "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "end: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >> "$OUT/machine.txt"
# One machine-readable file per run; a full run (not --quick) is kept under bench/results/ and the READMEs'
# generated tables are rewritten from it (commit the file with the READMEs).
"$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.results.ResultsFile "$OUT" "$OUT/results.json"
# A soak-only run is kept in its own report (soak.md): its figures go to bench/README.md by hand, dated,
# and must not blank the generated tables of the other sections.
if [ "$QUICK" = 0 ] && [ "${SECTIONS[*]}" != soak ]; then
  KEPT="bench/results/$(date -u +%Y-%m-%dT%H%MZ).json"
  mkdir -p bench/results
  cp "$OUT/results.json" "$KEPT"
  "$JAVA_HOME/bin/java" -cp "$BENCH_CP" app.billing.bench.results.ReadmeTables "$KEPT" bench/README.md README.md
fi
{
  echo "# Benchmark results ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo; echo '```'; cat "$OUT/machine.txt"; echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"; echo '```'
  for part in cold-start classes levers sizes latency; do
    [ -f "$OUT/$part.md" ] && { echo; echo "## $part"; echo; cat "$OUT/$part.md"; }
  done
  for flags in default lambda; do
    [ -f "$OUT/jmh-$flags-summary.txt" ] && { echo; echo "## JMH ($flags JVM flags)"; echo; echo '```'; cat "$OUT/jmh-$flags-summary.txt"; echo '```'; }
  done
  for part in throughput throughput-one-group; do
    [ -f "$OUT/$part.md" ] && { echo; cat "$OUT/$part.md"; }
  done
  for part in reconciler-paced reconciler-rate-limited; do
    [ -f "$OUT/$part.md" ] && { echo; echo "## $part"; echo; cat "$OUT/$part.md"; }
  done
  [ -f "$OUT/backfill.md" ] && { echo; echo "## backfill"; echo; cat "$OUT/backfill.md"; }
  [ -f "$OUT/soak.md" ] && { echo; echo "## soak"; echo; cat "$OUT/soak.md"; }
} > "$OUT/summary.md"
echo "results: $ROOT/$OUT/summary.md" >&2

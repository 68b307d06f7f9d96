// Preloaded (node -r) before dynalite's CLI: exit when the JVM that started this process is gone. Its
// stdin is a pipe from that JVM, closed by the kernel however the JVM ended (kill -9 included), so no
// orphaned dynalite keeps serving or holding the LevelDB lock of the data dir after a crash.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
// Ctrl-C in a terminal signals the whole process group: the JVM stops this process itself (SIGTERM)
// once its last batch is written, so SIGINT is not for us.
process.on('SIGINT', () => {});

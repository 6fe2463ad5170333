// Preloaded by scripts/run-tests.mjs into every process of the test run: the runner and each
// test file's child. Node's test runner runs each file in a child that sends its results to the
// runner over its stdout, a pipe. With --test-force-exit a process exits as soon as its tests
// end, and what is still queued in a non-blocking pipe is lost: the runner then reports fewer
// tests than ran and still exits 0 (nodejs/node#64833; seen here as 8 of 1,112 tests missing
// from a green run), and the runner's own summary can be cut short the same way.
// Blocking writes let everything leave before the exit.
process.stdout._handle?.setBlocking?.(true);

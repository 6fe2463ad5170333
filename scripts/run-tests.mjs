#!/usr/bin/env node
// Runs the compiled tests (dist/**/*.test.js, or the files given as arguments) with a real Postgres
// and a real Kafka. libs/testing resolves them: DATABASE_URL / KAFKA_BROKERS from the environment,
// else testcontainers when Docker answers, else the local Postgres and scripts/kafka/start.sh.
// Whatever it starts is stopped at the end, on failure and on SIGINT/SIGTERM too.
// Usage: npm test   |   node scripts/run-tests.mjs dist/libs/messaging/test/round-trip.test.js ...
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(repoRoot, 'dist');
const testingEntry = join(distDir, 'libs', 'testing', 'src', 'index.js');
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 };

function say(message) {
  process.stderr.write(`run-tests: ${message}\n`);
}

// Node 20's --test takes no globs, so the files are listed here, sorted for a stable order.
function findTestFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...findTestFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(path);
  }
  return found.sort();
}

function chooseTestFiles(args) {
  if (args.length === 0) return existsSync(distDir) ? findTestFiles(distDir).map((file) => relative(repoRoot, file)) : [];
  const missing = args.filter((file) => !existsSync(resolve(file)));
  if (missing.length > 0) throw new Error(`no such test file: ${missing.join(', ')} (run \`npm run build\` first?)`);
  return args;
}

/** Per test; the slowest (a Kafka broker stopped and restarted) takes about 80 s. */
const TEST_TIMEOUT_MS = 240_000;
/** The whole run: far above a normal run (3–4 min), far below CI's limit, so a hang cannot eat it. */
const RUN_DEADLINE_MS = Number(process.env.TEST_RUN_DEADLINE_MS ?? 30 * 60_000);

function runNodeTests(files, environment) {
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      // In the runner and, inherited, in every test file's process: no result lost at a forced exit.
      '--import',
      pathToFileURL(join(repoRoot, 'scripts', 'blocking-test-output.mjs')).href,
      '--test',
      '--test-concurrency=3',
      '--test-reporter=spec',
      // A test that hangs fails after this long instead of holding the run...
      `--test-timeout=${TEST_TIMEOUT_MS}`,
      // ...and a file whose tests are done exits even if a client it started is still retrying.
      '--test-force-exit',
      ...files,
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      // Its own process group, so the run deadline can stop every test process it started.
      detached: true,
      env: {
        ...process.env,
        TEST_DATABASE_URL: environment.databaseUrl,
        KAFKA_BROKERS: environment.kafkaBrokers,
        // The AWS SDK warns in every process that its 2027 releases need Node 22; repeated in each
        // test file it only buries the results (the SDK is pinned in package-lock.json).
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  return child;
}

async function main() {
  if (!existsSync(testingEntry)) {
    say(`${relative(repoRoot, testingEntry)} is missing: run \`npm run build\` first (npm test does).`);
    return 2;
  }
  const files = chooseTestFiles(process.argv.slice(2));
  if (files.length === 0) {
    say('no *.test.js files under dist/: nothing was built, or there are no tests');
    return 1;
  }

  // A signal may arrive while services are still starting; remember it and stop right after.
  let receivedSignal;
  let child;
  for (const signal of Object.keys(signalExitCodes)) {
    process.on(signal, () => {
      receivedSignal = signal;
      if (child?.pid) process.kill(-child.pid, signal);
    });
  }

  const { resolveTestEnvironment } = await import(pathToFileURL(testingEntry).href);
  let environment;
  try {
    environment = await resolveTestEnvironment({ repoRoot, log: say });
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return 1;
  }

  try {
    if (receivedSignal) return signalExitCodes[receivedSignal];
    say(`${files.length} test file(s); TEST_DATABASE_URL=${environment.databaseUrl} KAFKA_BROKERS=${environment.kafkaBrokers}`);
    child = runNodeTests(files, environment);
    let overran = false;
    const deadline = setTimeout(() => {
      overran = true;
      say(`the test run exceeded ${RUN_DEADLINE_MS / 60_000} minutes: stopping every test process`);
      process.kill(-child.pid, 'SIGKILL');
    }, RUN_DEADLINE_MS);
    const [code, signal] = await new Promise((resolveExit, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, exitSignal) => resolveExit([exitCode, exitSignal]));
    }).finally(() => clearTimeout(deadline));
    if (overran) return 1;
    if (code !== null) return code;
    return signalExitCodes[signal] ?? 1;
  } finally {
    await environment.stop();
  }
}

process.exitCode = await main();

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

function runNodeTests(files, environment) {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    {
      cwd: repoRoot,
      stdio: 'inherit',
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
      child?.kill(signal);
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
    const [code, signal] = await new Promise((resolveExit, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, exitSignal) => resolveExit([exitCode, exitSignal]));
    });
    if (code !== null) return code;
    return signalExitCodes[signal] ?? 1;
  } finally {
    await environment.stop();
  }
}

process.exitCode = await main();

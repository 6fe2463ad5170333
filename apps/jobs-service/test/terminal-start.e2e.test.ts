import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDatabase, pollUntil, principalsSetting, type TestDatabase } from '#testing';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/** Quotes one argument for `sh -c`. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** Terminal colours and carriage returns, which a pseudo-terminal adds around every line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with the ESC character.
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/**
 * main.js as `npm start` runs it, outside production, with stdout either a pseudo-terminal
 * (`script` from util-linux, as a developer's terminal) or a pipe (as under a supervisor).
 */
async function start(db: TestDatabase, stdout: 'terminal' | 'pipe'): Promise<Started> {
  const env = { PATH: process.env.PATH, DATABASE_URL: db.url, PORT: '0', AUTH_PRINCIPALS: principalsSetting() };
  const command = `${shellQuoted(process.execPath)} ${shellQuoted(MAIN)}`;
  const child =
    stdout === 'terminal'
      ? spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
      : spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await pollUntil(() => /listening on (http:\/\/\S+)/.exec(plain(output))?.[1], {
    description: `the service to start: ${output}`,
    timeoutMs: 30_000,
  });
  return { child, output: () => plain(output), url };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The whole process group: `script` and the service under it.
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

/** An unsigned DeleteJob: refused with 403 (nothing changes), and logged as one request line. */
async function requestThatIsLogged(url: string): Promise<void> {
  const response = await fetch(`${url}/jobs/terminal-start-probe`, { method: 'DELETE' });
  await response.body?.cancel();
}

describe('npm start', () => {
  let db: TestDatabase;
  let running: Started | undefined;
  after(async () => {
    await stop(running?.child);
    await db?.drop();
  });

  it('in a terminal shows the banner, then human-readable log lines and no framework narration', async () => {
    db = await freshDatabase('terminal_start');
    running = await start(db, 'terminal');
    await requestThatIsLogged(running.url);
    const output = await pollUntil(() => (running!.output().includes('request completed') ? running!.output() : undefined), {
      description: 'the request line in the terminal',
    });
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    assert.match(lines[0]!, /^iot-jobs-service listening on http:\/\//, 'the banner comes first');
    const requestLine = lines.find((line) => line.includes('request completed'))!;
    assert.match(requestLine, /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN): request completed$/);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('{')),
      [],
      'no JSON in a terminal',
    );
    assert.ok(!/Mapped \{|dependencies initialized|Nest application/.test(output), `no start-up narration:\n${output}`);
    await stop(running.child);
    running = undefined;
  });

  it('with stdout piped writes JSON lines', async () => {
    running = await start(db, 'pipe');
    await requestThatIsLogged(running.url);
    const line = await pollUntil(
      () =>
        running!
          .output()
          .split('\n')
          .find((text) => text.startsWith('{') && text.includes('request completed')),
      { description: 'the request line on the pipe' },
    );
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.equal(entry.msg, 'request completed');
    assert.equal(entry.operation, 'DeleteJob');
    assert.ok(!running.output().includes('Mapped {'), 'no route mapping lines');
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { AuthMode, RawRequest } from './raw-request.js';

/** The seeded resources: hostile requests may name them, and must leave them as they are. */
export interface Seed {
  jobId: string;
  thingName: string;
  /** A valid job id nobody created: a refused CreateJob must not create it. */
  freshJobId: string;
  /** Names nobody created: a refused create must not create them. */
  thingGroupName: string;
  jobTemplateId: string;
}

const MAX_BODY = 1024 * 1024;

/**
 * Path labels that no route accepts as a job id or thing name (so the request must be refused
 * whatever else it carries): traversal, NUL, encoded slashes, invalid UTF-8, control characters,
 * injection strings, oversized names. Already percent-encoded where the wire needs it. `$next` is
 * left out on purpose: it is a valid job id on the data plane.
 */
const fixedHostileLabels = [
  '..',
  '.',
  '%2E%2E',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'job%00',
  '%2F',
  'a%2Fb',
  '%C3%28',
  '%FF',
  '%E2%82',
  'ok%C0%AF',
  '%01',
  '%7F',
  '%0D%0A',
  '%09',
  "'%20OR%201=1%20--",
  "x';DROP%20TABLE%20es_events;--",
  '%25',
  '%',
  '%ZZ',
  '%C3%BC',
  '%F0%9F%98%80',
  '%3Cscript%3E',
  '%24%7Bjndi:ldap:%2F%2Fx%7D',
  '',
  '%20',
  'a%20b',
  '~',
  '*',
  '..;',
  '%2e',
];

const oversizedLabel = fc.integer({ min: 129, max: 3000 }).map((length) => 'a'.repeat(length));

/** Random text with at least one character no label pattern allows, percent-encoded as UTF-8. */
const randomForbiddenLabel = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(' ', '/', '\u0000', '\u0001', '.', "'", '"', '\u00e9', '\ud83d\ude00', '?', '#', '\\'),
    fc.string({ maxLength: 20 }),
  )
  .map(([before, bad, after]) => encodeURIComponent(`${before}${bad}${after}`).replace(/\./g, '%2E'));

export const hostileLabel: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...fixedHostileLabels) },
  { weight: 1, arbitrary: oversizedLabel },
  { weight: 2, arbitrary: randomForbiddenLabel },
);

/** A route shape: the method and the path built from its labels. */
interface RouteShape {
  operation: string;
  method: string;
  /** The names of the URI labels, in path order. */
  labels: string[];
  path(labels: string[]): string;
  /** A JSON member the operation reads whose type is no object: an object there makes the body invalid for sure. */
  typedField?: string;
}

interface FixtureMember {
  path: string;
  type: string;
  location?: string;
  required?: boolean;
}
interface FixtureOperation {
  http: { method: string; requestUri: string };
  input: FixtureMember[];
}

/**
 * Every operation the service serves, from the AWS model fixture the member-coverage test checks
 * the routes against (read as data, not imported: it belongs to the HTTP library's tests), so an
 * operation added there is fuzzed here without anyone remembering to.
 */
function servedRouteShapes(): RouteShape[] {
  const fixture = new URL('../../../../../libs/jobs/http/test/fixtures/aws-model-shapes.json', import.meta.url);
  const planes = (
    JSON.parse(readFileSync(fileURLToPath(fixture), 'utf8')) as { planes: Record<string, { operations: Record<string, FixtureOperation> }> }
  ).planes;
  const shapes: RouteShape[] = [];
  for (const [plane, { operations }] of Object.entries(planes)) {
    for (const [name, operation] of Object.entries(operations)) {
      const { method, requestUri } = operation.http;
      const template = `${plane === 'data' ? '/data-plane' : ''}${requestUri}`;
      const labels = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const typedField = operation.input
        .filter((member) => member.location === 'body' && SCALAR_OR_LIST.has(member.type))
        .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false))[0]?.path;
      shapes.push({
        operation: `${plane} ${name}`,
        method,
        labels,
        path: (values) => labels.reduce((path, label, index) => path.replace(`{${label}}`, values[index]!), template),
        ...(typedField !== undefined ? { typedField } : {}),
      });
    }
  }
  return shapes;
}

/** Member types an object can never stand for (a structure or a map could take one). */
const SCALAR_OR_LIST = new Set(['string', 'boolean', 'integer', 'long', 'list', 'timestamp']);

export const routeShapes: RouteShape[] = servedRouteShapes();

/** A valid value of each URI label; a create (PUT or POST) names resources nobody created. */
function validLabel(label: string, seed: Seed, method: string): fc.Arbitrary<string> {
  const creating = method === 'PUT' || method === 'POST';
  switch (label) {
    case 'jobId':
      return creating ? fc.constantFrom(seed.jobId, seed.freshJobId) : fc.constant(seed.jobId);
    case 'thingName':
      return fc.constant(seed.thingName);
    case 'thingGroupName':
      return fc.constant(seed.thingGroupName);
    case 'jobTemplateId':
      return fc.constant(seed.jobTemplateId);
    case 'executionNumber':
      return fc.constant('1');
    case 'templateName':
      return fc.constant('AWS-Download-File');
    default:
      throw new Error(`no valid value for the URI label ${label}: add one to the fuzz seed`);
  }
}

/** Labels for a shape with at least one hostile label among them. */
function labelsWithOneHostile(shape: RouteShape, seed: Seed): fc.Arbitrary<string[]> {
  return fc
    .integer({ min: 0, max: shape.labels.length - 1 })
    .chain((hostileIndex) =>
      fc.tuple(
        ...shape.labels.map((kind, index) => (index === hostileIndex ? hostileLabel : fc.oneof(validLabel(kind, seed, shape.method), hostileLabel))),
      ),
    );
}

function validLabels(shape: RouteShape, seed: Seed): fc.Arbitrary<string[]> {
  return fc.tuple(...shape.labels.map((kind) => validLabel(kind, seed, shape.method)));
}

const hostileQueryPair: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['maxResults', 'abc'],
    ['maxResults', '-1'],
    ['maxResults', '1e309'],
    ['maxResults', 'NaN'],
    ['maxResults', '99999999999999999999'],
    ['nextToken', '%C3%28'],
    ['nextToken', "'%20OR%201=1%20--"],
    ['status', 'NOT_A_STATUS'],
    ['status', '%00'],
    ['namespaceId', '..%2F..'],
    ['includeJobDocument', 'maybe'],
    ['executionNumber', '1.5'],
    ['force', 'yes'],
    ['%ZZ', '1'],
    ['', ''],
    ['a', '%'],
  ),
  fc.integer({ min: 1000, max: 3000 }).map((length): [string, string] => ['nextToken', 'x'.repeat(length)]),
  fc
    .tuple(fc.constantFrom('maxResults', 'status', 'nextToken', 'thingName'), fc.string({ maxLength: 30 }))
    .map(([key, value]): [string, string] => [key, encodeURIComponent(value)]),
);

/** Zero to four pairs; repeating one key is the duplicate-key case. */
const hostileQuery = fc.oneof(
  fc.array(hostileQueryPair, { maxLength: 4 }),
  hostileQueryPair.map((pair): Array<[string, string]> => [pair, pair, [pair[0], '1']]),
);

const oddContentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json, text/html',
  '*/*',
  ';;;',
  'x'.repeat(2000),
);
/** Mostly JSON, so that most bodies reach the parser and validation rather than a 415. */
const oddContentType = fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: oddContentTypes });

const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'content-type': oddContentType,
    'x-huge': fc.integer({ min: 1, max: 8000 }).map((length) => 'h'.repeat(length)),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', ''),
    'x-forwarded-for': fc.constant("127.0.0.1' OR 1=1 --"),
  },
  { requiredKeys: [] },
);

/** Now and then a replaced date header, which breaks the signature after signing. */
const hostileHeadersOrDate = fc.oneof(
  { weight: 9, arbitrary: hostileHeaders },
  { weight: 1, arbitrary: fc.constantFrom('not-a-date', '99991231T235959Z', '').map((date) => ({ 'x-amz-date': date })) },
);

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const invalidUtf8 = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82]);

/** A value of the wrong type for every field the operations read (booleans, numbers, strings, enums, lists). */
const wrongTypedValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 5000 }).map(nested),
  fc.constant('{"nested":[1,{"x":null}]}'),
  fc.constant('{}'),
);

/** JSON text that does not parse: NaN/Infinity, single quotes, truncation, comments. */
const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  'NaN',
  '{"status": NaN}',
  '{"force": Infinity}',
  "{'force':true}",
  '[1,2',
  '{"a":1,}',
  '/* c */ {}',
  '{"a":-}',
  '\u0000',
  'nul',
);

/** Members placed before the typed field, so a valid-looking one never wins over it. */
const bodyDecorations = fc.oneof(
  fc.constant(''),
  fc.constant('"force": true, "status": "SUCCEEDED", "targets": ["x"], "document": "{}", '),
  fc.string({ maxLength: 40 }).map((key) => `${JSON.stringify(key)}: ${JSON.stringify(key)}, `),
  fc.integer({ min: 1, max: 200 }).map((depth) => `"statusDetails": ${nested(depth)}, `),
);

/**
 * A body the operation must refuse whatever its route: it does not parse, is too large, or gives
 * the operation's own field a wrong type (after a valid-looking duplicate of that key, since
 * JSON.parse keeps the last one).
 */
export function invalidBody(typedField: string): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.tuple(wrongTypedValue, bodyDecorations, fc.boolean()).map(([value, decoration, withDuplicate]) => {
      const duplicate = withDuplicate ? `"${typedField}": true, ` : '';
      return Buffer.from(`{${duplicate}${decoration}"${typedField}": ${value}}`);
    }),
    fc.tuple(wrongTypedValue).map(([value]) => Buffer.concat([Buffer.from(`{"${typedField}": ${value}, "k": "`), invalidUtf8, Buffer.from('"}')])),
    malformedJson.map((text) => Buffer.from(text)),
    fc.constant(Buffer.concat([Buffer.from('{"'), invalidUtf8, Buffer.from('": 1')])),
    fc.constantFrom('[]', '"x"', '42', 'null', 'true').map((text) => Buffer.from(text)),
    fc.integer({ min: MAX_BODY + 1, max: MAX_BODY + 4096 }).map((size) => Buffer.alloc(size, 0x20)),
  );
}

/** Anything at all, valid or not, for requests already refused for another reason. */
const anyBody: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(Buffer.from('{"status":"SUCCEEDED","targets":["arn:aws:iot:us-east-1:123456789012:thing/x"],"document":"{}","force":true}')),
  invalidBody('status'),
  fc.integer({ min: 0, max: 64 * 1024 }).map((size) => Buffer.alloc(size, 0x7b)),
);

const brokenAuth = fc.constantFrom<AuthMode>('unsigned', 'garbage', 'wrong-secret', 'stale');
const mostlySigned = fc.oneof({ weight: 4, arbitrary: fc.constant<AuthMode>('signed') }, { weight: 1, arbitrary: brokenAuth });

/**
 * Every request this produces is one the service must refuse, for at least one of: a hostile path
 * label; broken authentication on an otherwise valid request; or a signed, well-addressed
 * mutation whose body is invalid. The rest (query, headers, body) is hostile decoration.
 */
export function hostileRequest(seed: Seed): fc.Arbitrary<RawRequest> {
  const shape = fc.constantFrom(...routeShapes);
  const labelled = fc.constantFrom(...routeShapes.filter((s) => s.labels.length > 0));
  const decorations = fc.record({ query: hostileQuery, headers: hostileHeadersOrDate });
  const badLabel = labelled.chain((s) =>
    fc
      .record({ labels: labelsWithOneHostile(s, seed), body: anyBody, auth: mostlySigned, more: decorations })
      .map((r) => build(s, r.labels, r.body, r.auth, r.more)),
  );
  const badAuth = shape.chain((s) =>
    fc
      .record({ labels: validLabels(s, seed), body: anyBody, auth: brokenAuth, more: decorations })
      .map((r) => build(s, r.labels, r.body, r.auth, r.more)),
  );
  const mutations = routeShapes.filter((s) => s.typedField !== undefined);
  const badBody = fc
    .constantFrom(...mutations)
    .chain((s) =>
      fc
        .record({ labels: validLabels(s, seed), body: invalidBody(s.typedField!), headers: fc.record({ 'content-type': oddContentType }) })
        .map((r) => build(s, r.labels, r.body, 'signed', { query: [], headers: r.headers })),
    );
  return fc
    .oneof({ weight: 5, arbitrary: badLabel }, { weight: 2, arbitrary: badAuth }, { weight: 3, arbitrary: badBody })
    .filter(fitsNodeHeaderLimit);
}

/**
 * Node's HTTP parser refuses a request head over 16 KiB with a bare 431 before the service sees
 * it (covered by its own test); the fuzz stays under that so every request reaches the service.
 */
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

function fitsNodeHeaderLimit(request: RawRequest): boolean {
  const head = request.path.length + request.query.reduce((sum, [key, value]) => sum + key.length + value.length + 2, 0);
  const headers = Object.entries(request.headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
  // Room for the signature headers and the request line.
  return head + headers < NODE_MAX_HEADER_BYTES - 2048;
}

function build(
  shape: RouteShape,
  labels: string[],
  body: Buffer | undefined,
  auth: AuthMode,
  more: { query: Array<[string, string]>; headers: Record<string, string> },
): RawRequest {
  const headers = body === undefined ? more.headers : { 'content-type': 'application/json', ...more.headers };
  return { method: shape.method, path: shape.path(labels), query: more.query, headers, body, auth };
}

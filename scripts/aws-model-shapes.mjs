#!/usr/bin/env node
// Regenerates libs/jobs/http/test/fixtures/aws-model-shapes.json: the request and response members
// and the modeled errors of every operation this service serves, taken from the AWS service models that botocore ships
// (botocore/data/iot/2015-05-28 and botocore/data/iot-jobs-data/2017-09-29, service-2.json.gz).
// The member-coverage test checks the edge against that file, so after regenerating it from a newer
// botocore, every new member fails the test until someone decides to honour or refuse it.
//
// Usage: node scripts/aws-model-shapes.mjs [botocore-package-dir] && npm run format
//   (default: the botocore that `python3 -c 'import botocore'` finds)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(repoRoot, 'libs/jobs/http/test/fixtures/aws-model-shapes.json');

/** The operations the edge serves, per plane (libs/jobs/http/src/controllers): jobs and the thing registry. */
const PLANES = {
  control: {
    model: 'iot/2015-05-28',
    operations: [
      'CreateJob',
      'UpdateJob',
      'DescribeJob',
      'GetJobDocument',
      'AssociateTargetsWithJob',
      'ListJobs',
      'CancelJob',
      'DeleteJob',
      'CancelJobExecution',
      'DescribeJobExecution',
      'DeleteJobExecution',
      'ListJobExecutionsForJob',
      'ListJobExecutionsForThing',
      'CreateThing',
      'DescribeThing',
      'UpdateThing',
      'DeleteThing',
      'ListThings',
      'ListThingGroupsForThing',
      'CreateThingGroup',
      'DescribeThingGroup',
      'UpdateThingGroup',
      'DeleteThingGroup',
      'ListThingGroups',
      'ListThingsInThingGroup',
      'AddThingToThingGroup',
      'RemoveThingFromThingGroup',
      'UpdateThingGroupsForThing',
      'CreateJobTemplate',
      'DescribeJobTemplate',
      'ListJobTemplates',
      'DeleteJobTemplate',
      'ListManagedJobTemplates',
      'DescribeManagedJobTemplate',
      'TagResource',
      'UntagResource',
      'ListTagsForResource',
    ],
  },
  data: {
    model: 'iot-jobs-data/2017-09-29',
    operations: ['GetPendingJobExecutions', 'StartNextPendingJobExecution', 'DescribeJobExecution', 'UpdateJobExecution'],
  },
};

function botocoreDir() {
  if (process.argv[2]) return resolve(process.argv[2]);
  const script = 'import botocore, os; print(os.path.dirname(botocore.__file__))';
  return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
}

function botocoreVersion(dir) {
  const match = /__version__\s*=\s*'([^']+)'/.exec(readFileSync(join(dir, '__init__.py'), 'utf8'));
  return match ? match[1] : 'unknown';
}

/**
 * Every member under a shape, depth first, as `a.b[].c` paths: structures are descended, list
 * elements are marked `[]`, maps are leaves (their keys are data, not members).
 */
function membersOf(model, shapeName, prefix, seen, top) {
  const shape = model.shapes[shapeName];
  if (shape.type === 'list') return membersOf(model, shape.member.shape, `${prefix}[]`, seen, false);
  if (shape.type !== 'structure' || seen.has(shapeName)) return [];
  const required = new Set(shape.required ?? []);
  const members = [];
  for (const [name, member] of Object.entries(shape.members)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const entry = { path, type: model.shapes[member.shape].type };
    if (top) {
      entry.location = member.location ?? 'body';
      if (member.locationName !== undefined) entry.locationName = member.locationName;
    }
    if (required.has(name)) entry.required = true;
    members.push(entry, ...membersOf(model, member.shape, path, new Set([...seen, shapeName]), false));
  }
  return members;
}

function extract(dir) {
  const sources = [];
  const planes = {};
  for (const [plane, { model: modelPath, operations }] of Object.entries(PLANES)) {
    const file = join(dir, 'data', modelPath, 'service-2.json.gz');
    const bytes = readFileSync(file);
    const model = JSON.parse(gunzipSync(bytes).toString('utf8'));
    sources.push({ model: `botocore/data/${modelPath}/service-2.json.gz`, sha256: createHash('sha256').update(bytes).digest('hex') });
    const extracted = {};
    for (const name of operations) {
      const operation = model.operations[name];
      if (operation === undefined) throw new Error(`${modelPath} has no operation ${name}`);
      extracted[name] = {
        http: { method: operation.http.method, requestUri: operation.http.requestUri },
        input: operation.input ? membersOf(model, operation.input.shape, '', new Set(), true) : [],
        output: operation.output ? membersOf(model, operation.output.shape, '', new Set(), false) : [],
        errors: (operation.errors ?? []).map((error) => error.shape).sort(),
      };
    }
    planes[plane] = { service: model.metadata.endpointPrefix, apiVersion: model.metadata.apiVersion, operations: extracted };
  }
  return { sources, planes };
}

const dir = botocoreDir();
const { sources, planes } = extract(dir);
const fixture = {
  about: 'Members of the served operations, from the AWS service models in botocore. Regenerate: node scripts/aws-model-shapes.mjs',
  botocoreVersion: botocoreVersion(dir),
  sources,
  planes,
};
// One member per line: a regenerated file then shows each added or dropped member as one diff line.
const text = JSON.stringify(fixture, null, 2).replace(/\{\n\s+("path": [^{}[\]]*?)\n\s+\}/g, (_, body) => `{ ${body.replace(/,\n\s+/g, ', ')} }`);
writeFileSync(OUTPUT, `${text}\n`);
process.stdout.write(`wrote ${OUTPUT} from botocore ${fixture.botocoreVersion}\n`);

import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import {
  DeviceJobsController,
  JobsController,
  JobTemplatesController,
  ManagedJobTemplatesController,
  TagsController,
  ThingExecutionsController,
  ThingGroupsController,
  ThingsController,
} from '#jobs/http';
import { OperationCatalog } from '#observability';

/** Every AWS route the controllers register, as `METHOD /path/:param`, read from Nest's metadata. */
function registeredRoutes(): string[] {
  return [
    JobsController,
    JobTemplatesController,
    ManagedJobTemplatesController,
    ThingExecutionsController,
    ThingsController,
    ThingGroupsController,
    TagsController,
    DeviceJobsController,
  ].flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as unknown as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((handler): handler is object => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = String(Reflect.getMetadata(PATH_METADATA, handler));
        return `${method} ${join(base, path)}`;
      });
  });
}

const join = (base: string, path: string) =>
  `/${[base, path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

describe('OpenAPI documents (docs/openapi)', () => {
  const catalog = OperationCatalog.load();
  const documented = catalog.operations.map((op) => `${op.method} ${op.route}`);

  it('document exactly the routes the controllers register, in both directions', () => {
    const routes = registeredRoutes();
    assert.ok(routes.length >= 12, `expected the AWS routes, found ${routes.length}`);
    assert.deepEqual([...documented].sort(), [...routes].sort());
  });

  it('give every operation its AWS operation name, once per plane', () => {
    assert.equal(catalog.operationOf('PUT', '/things/:thingName/jobs/:jobId/cancel'), 'CancelJobExecution');
    assert.equal(catalog.operationOf('PUT', '/data-plane/things/:thingName/jobs/$next'), 'StartNextPendingJobExecution');
    for (const document of new Set(catalog.operations.map((op) => op.document))) {
      const ids = catalog.operations.filter((op) => op.document === document).map((op) => op.operationId);
      assert.equal(new Set(ids).size, ids.length, `duplicate operationId in ${document}`);
    }
  });
});

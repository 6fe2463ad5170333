import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** docs/openapi at the repository root (this file runs from dist/libs/observability/src/openapi/). */
export const OPENAPI_DIR = fileURLToPath(new URL('../../../../../docs/openapi', import.meta.url));

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface DocumentedOperation {
  /** The file it is documented in, e.g. control-plane.yaml. */
  document: string;
  method: string;
  /** Router form of the full path: `/data-plane/things/:thingName/jobs/:jobId`. */
  route: string;
  operationId: string;
}

interface OpenApiDocument {
  servers?: Array<{ url: string }>;
  paths?: Record<string, Record<string, { operationId?: string }>>;
}

/**
 * The operations the OpenAPI documents describe, keyed the way the router reports a matched
 * route. The documents are the single source for operation names in logs and metrics, and a test
 * keeps them equal to the registered routes.
 */
export class OperationCatalog {
  private readonly byRoute = new Map<string, DocumentedOperation>();

  constructor(readonly operations: readonly DocumentedOperation[]) {
    for (const operation of operations) this.byRoute.set(key(operation.method, operation.route), operation);
  }

  static load(dir: string = OPENAPI_DIR): OperationCatalog {
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .sort();
    return new OperationCatalog(files.flatMap((file) => operationsOf(file, parse(readFileSync(join(dir, file), 'utf8')))));
  }

  operationOf(method: string, route: string): string | undefined {
    return this.byRoute.get(key(method, route))?.operationId;
  }
}

function operationsOf(document: string, spec: OpenApiDocument): DocumentedOperation[] {
  const prefix = serverPathPrefix(spec);
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      document,
      method: method.toUpperCase(),
      route: `${prefix}${path.replace(/\{([^}]+)\}/g, ':$1')}`,
      operationId: item[method]!.operationId ?? `${method.toUpperCase()} ${path}`,
    })),
  );
}

/** `http://127.0.0.1:3000/data-plane` → `/data-plane`; the plane's mount point on this service. */
function serverPathPrefix(spec: OpenApiDocument): string {
  const url = spec.servers?.[0]?.url;
  if (!url) return '';
  return new URL(url, 'http://placeholder').pathname.replace(/\/$/, '');
}

const key = (method: string, route: string) => `${method.toUpperCase()} ${route}`;

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OpenApiDirectory } from './openapi-directory.js';

const DOCUMENT_NAME = /^[a-z0-9-]+\.yaml$/;

/** Serves the OpenAPI documents (docs/openapi/*.yaml) as they are in the repository. */
@Controller('openapi')
export class OpenApiController {
  constructor(private readonly directory: OpenApiDirectory) {}

  @Get(':document')
  @Header('Cache-Control', 'no-cache')
  async document(@Param('document') document: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Only plain names: nothing outside the documents folder can be asked for.
    if (!DOCUMENT_NAME.test(document)) throw new NotFoundException();
    try {
      const text = await readFile(join(this.directory.path, document), 'utf8');
      reply.header('Content-Type', 'application/yaml; charset=utf-8');
      return text;
    } catch {
      throw new NotFoundException();
    }
  }
}

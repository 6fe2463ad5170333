/** Where the OpenAPI documents are read from (an injection token with its value). */
export class OpenApiDirectory {
  constructor(readonly path: string) {}
}

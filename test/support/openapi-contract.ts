/**
 * The OpenAPI document as a contract: ajv validators for the documented requests and answers of
 * /docs-json, and a recorder that checks every answer the app sends during a test file against the
 * schema documented for its operation and status.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS: its default export arrives as the module object under Jest.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed OpenAPI document
export type OpenApiDocument = any;

const DOCUMENT_ID = 'openapi';

/**
 * OpenAPI 3.0's dialect as JSON Schema: `nullable`, boolean exclusive bounds, refs into the
 * document. An object schema that lists its properties is read as closed (unless it says
 * otherwise, or is one alternative of several): an answer carrying a field the document does not
 * name is a mismatch too.
 */
function toJsonSchema(node: unknown, alternative = false): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, alternative));
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    out[key] =
      key === '$ref'
        ? `${DOCUMENT_ID}${value as string}`
        : key === 'properties'
          ? Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, toJsonSchema(s)]))
          : toJsonSchema(value, key === 'oneOf' || key === 'anyOf');
  }
  if (out.properties && out.additionalProperties === undefined && !alternative) out.additionalProperties = false;
  for (const [exclusive, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (out[exclusive] === true) {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) {
      delete out[exclusive];
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

export interface Operation {
  path: string;
  method: string;
  op: Schema & { responses: Record<string, Schema>; parameters?: Schema[]; requestBody?: Schema };
}

export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; pattern: RegExp }[];

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: toJsonSchema(document.components) as Schema });
    // A path with fewer parameters first: `…/platform-quotas/reset` before `…/platform-quotas/{platform}`.
    const parameters = (path: string) => path.split('{').length;
    this.templates = Object.keys(document.paths)
      .sort((a, b) => parameters(a) - parameters(b))
      .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  }

  /** The documented path a request's path falls under (a literal path before a template). */
  pathOf(url: string): string | undefined {
    const path = url.split('?')[0];
    if (this.document.paths[path]) return path;
    return this.templates.find((t) => t.pattern.test(path))?.path;
  }

  operation(path: string, method: string): Operation | undefined {
    const op = this.document.paths[path]?.[method.toLowerCase()];
    return op ? { path, method: method.toLowerCase(), op } : undefined;
  }

  /** A validator of a schema of the document (kept per key: compiling is the slow part). */
  validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Problems with an answer; none when the document describes it. */
  checkAnswer(answer: RecordedAnswer): string[] {
    const sent = answer.request === undefined ? '' : ` ${answer.request}`;
    const where = `${answer.method} ${answer.url}${sent} → ${answer.status}`;
    const path = this.pathOf(answer.url)!;
    const operations = ['get', 'post', 'put', 'patch', 'delete']
      .map((m) => this.operation(path, m))
      .filter((o): o is Operation => o !== undefined);
    // A method the path does not take: any operation of the path documents that answer.
    const operation = this.operation(path, answer.method) ?? (answer.status === 405 ? operations[0] : undefined);
    if (!operation) return [`${where}: the method is not documented for ${path}`];
    const response = operation.op.responses[String(answer.status)] as
      { content?: Record<string, { schema: unknown }>; headers?: Record<string, Schema> } | undefined;
    if (!response) return [`${where}: status ${answer.status} is not documented for ${answer.method} ${path}`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = answer.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`${where}: header ${name} is missing`);
        continue;
      }
      const schema = header.schema as Schema | undefined;
      const typed = schema?.type === 'integer' && /^-?\d+$/.test(String(value)) ? Number(value) : String(value);
      const validate = this.validator(`${path} ${operation.method} ${answer.status} header ${name}`, schema ?? {});
      if (!validate(typed)) problems.push(`${where}: header ${name}: ${value} ${this.ajv.errorsText(validate.errors)}`);
    }
    // A text answer (GET /metrics): documented as text/plain, and sent as it.
    if (response.content?.['text/plain']) {
      if (!/^text\/plain\b/.test(answer.contentType ?? '')) {
        problems.push(`${where}: Content-Type ${answer.contentType} is not text/plain`);
      }
      return problems;
    }
    const content = response.content?.['application/json'];
    if (!content) {
      if (answer.body !== undefined && answer.body !== '') problems.push(`${where}: a body where none is documented`);
      return problems;
    }
    if (!/^application\/json\b/.test(answer.contentType ?? '')) {
      return [...problems, `${where}: Content-Type ${answer.contentType} is not application/json`];
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body ?? '');
    } catch {
      return [...problems, `${where}: the body is not JSON`];
    }
    const validate = this.validator(`${path} ${operation.method} ${answer.status}`, content.schema);
    if (!validate(body)) {
      problems.push(
        `${where}: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}\n  body: ${JSON.stringify(body).slice(0, 400)}`,
      );
    }
    return problems;
  }
}

export interface RecordedAnswer {
  method: string;
  url: string;
  status: number;
  contentType?: string;
  headers: Record<string, unknown>;
  body?: string;
  /** The request body, for the message of a mismatch. */
  request?: string;
}

/**
 * Checks every answer of `fastify` against the document once `use` gives it one. Answers for paths
 * the document does not describe (the console's files, /docs, /metrics, unknown paths) and HEAD
 * requests are left alone.
 */
export class AnswerRecorder {
  private contract?: OpenApiContract;
  readonly problems: string[] = [];
  checked = 0;

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      try {
        this.record({
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          contentType: reply.getHeader('content-type') as string | undefined,
          headers: reply.getHeaders(),
          body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : undefined,
          request: request.body === undefined ? undefined : JSON.stringify(request.body)?.slice(0, 300),
        });
      } catch (error) {
        this.problems.push(`${request.method} ${request.url}: ${(error as Error).message}`);
      }
      done(null, payload);
    });
  }

  use(document: OpenApiDocument): void {
    this.contract = new OpenApiContract(document);
  }

  private record(answer: RecordedAnswer): void {
    if (!this.contract || answer.method === 'HEAD' || !this.contract.pathOf(answer.url)) return;
    this.checked += 1;
    this.problems.push(...this.contract.checkAnswer(answer));
  }
}

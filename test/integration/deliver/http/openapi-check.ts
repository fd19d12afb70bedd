/**
 * Validates real responses against the OpenAPI document the API serves: each schema is taken
 * from the document (references inlined) and turned into a validator with zod's JSON Schema reader.
 */
import { z } from 'zod';

type Json = Record<string, unknown>;

function deref(node: unknown, doc: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, doc));
  if (node && typeof node === 'object') {
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      let target: unknown = doc;
      for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Json)[part];
      return deref(target, doc);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, doc)]));
  }
  return node;
}

/** The documented response of `GET path` with `status`: its media types and header names. */
export function documentedResponse(doc: Json, path: string, status: number) {
  const paths = doc.paths as Record<string, { get: { responses: Record<string, Json> } }>;
  const response = deref(paths[path]?.get.responses[String(status)], doc) as
    | { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
    | undefined;
  if (!response) throw new Error(`${path} documents no ${status} response`);
  return response;
}

/**
 * Throws unless a response (status, content type, body) matches the document: the status is
 * documented, the media type is one of its content types, and a JSON body validates against
 * that content type's schema.
 */
export function assertDocumented(
  doc: Json,
  path: string,
  response: { status: number; contentType: string | null; body: string },
): void {
  const documented = documentedResponse(doc, path, response.status);
  if (!documented.content) return;
  const mediaType = (response.contentType ?? '').split(';')[0]?.trim() ?? '';
  const entry = documented.content[mediaType];
  if (!entry) throw new Error(`${path} ${response.status}: ${mediaType} is not documented`);
  if (!mediaType.endsWith('json')) return;
  const schema = z.fromJSONSchema(entry.schema as Parameters<typeof z.fromJSONSchema>[0]);
  const result = schema.safeParse(JSON.parse(response.body));
  if (!result.success) {
    throw new Error(`${path} ${response.status}: body does not match the document: ${result.error.message}`);
  }
}

import type { Exchange } from './exchange.js';
import type { SchemaValidator } from './schema-validator.js';
import { documentedResponse, documentedStatuses, type HeaderDoc, type Operation, type Schema } from './spec.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a case expects: one status, or any documented success. */
export type Expected = number | 'success';

export function expectedStatuses(operation: Operation, expected: Expected): number[] {
  return expected === 'success' ? documentedStatuses(operation).filter((s) => s >= 200 && s < 300) : [expected];
}

function headerValue(header: HeaderDoc, raw: string): unknown {
  const type = (header.schema.node as Schema).type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  if (type === 'boolean' && /^(true|false)$/.test(raw)) return raw === 'true';
  return raw;
}

/** The media type of a Content-Type header, without its parameters. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

/**
 * Everything the contract says about this answer, checked: a documented status (and the one the case
 * expects), the documented headers, and a body that validates against that status's schema.
 * Returns one line per problem; none means the answer is what the contract promises.
 */
export function contractProblems(
  validator: SchemaValidator,
  operation: Operation,
  exchange: Exchange,
  expected: Expected,
): string[] {
  const { request, response } = exchange;
  const problems: string[] = [];
  const documented = documentedResponse(operation, response.status);
  const wanted = expectedStatuses(operation, expected);

  if (!documented) {
    problems.push(
      `status ${response.status} is not documented for ${operation.id} (documented: ${documentedStatuses(operation).join(', ')})`,
    );
  }
  if (!wanted.includes(response.status)) {
    problems.push(`expected ${wanted.join(' or ')}, got ${response.status}`);
  }
  // An undocumented status has no schema; the one the case expected says what the body should have been.
  const fallback =
    wanted.length === 1 && wanted[0] !== undefined ? documentedResponse(operation, wanted[0]) : undefined;
  const judged = documented ?? fallback;
  if (!judged) return problems;
  const against = documented ? '' : ` (judged by the documented ${wanted[0]} response)`;

  for (const header of judged.headers) {
    const raw = response.headers[header.name.toLowerCase()];
    if (raw === undefined) {
      if (header.required) problems.push(`the documented header '${header.name}' is missing${against}`);
      continue;
    }
    problems.push(...validator.problems(header.schema, headerValue(header, raw), `header ${header.name}`));
  }

  const sentClientId = Object.entries(request.headers).find(
    ([name]) => name.toLowerCase() === 'client-request-id',
  )?.[1];
  const echoed = response.headers['client-request-id'];
  const echoDocumented = judged.headers.some((h) => h.name.toLowerCase() === 'client-request-id');
  if (echoDocumented && sentClientId && GUID.test(sentClientId) && echoed !== undefined && echoed !== sentClientId) {
    problems.push(`client-request-id '${echoed}' does not echo the one sent ('${sentClientId}')`);
  }

  if (judged.content) {
    const sentType = mediaTypeOf(response.headers['content-type']);
    if (sentType !== judged.content.mediaType.toLowerCase()) {
      problems.push(
        `Content-Type '${response.headers['content-type'] ?? '(none)'}' is not the documented ${judged.content.mediaType}${against}`,
      );
    }
    if (response.json === undefined) {
      problems.push(
        response.text === ''
          ? `the body is empty; the contract documents one${against}`
          : `the body is not JSON${against}`,
      );
    } else {
      problems.push(...validator.problems(judged.content.schema, response.json).map((p) => `${p}${against}`));
      const inner = (response.json as { error?: { innerError?: Record<string, unknown> } }).error?.innerError;
      const requestId = response.headers['request-id'];
      if (inner && requestId && inner['request-id'] !== requestId) {
        problems.push(
          `error.innerError.request-id '${String(inner['request-id'])}' differs from the request-id header '${requestId}'`,
        );
      }
    }
  } else if (response.text !== '') {
    problems.push(
      `the contract documents no body for ${judged.status}, yet one came (${response.text.length} characters)${against}`,
    );
  }
  return problems;
}

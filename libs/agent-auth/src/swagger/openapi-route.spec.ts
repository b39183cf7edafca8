import { describe, expect, it } from '@jest/globals';
import { openApiOperationKey } from './openapi-route.js';

describe('openApiOperationKey', () => {
  it.each([
    ['GET /', 'get /'],
    ['GET /agents', 'get /agents'],
    ['GET /api/v2/agents/:id', 'get /api/v2/agents/{id}'],
    ['POST /workflows/:id/executions/:executionId/resume', 'post /workflows/{id}/executions/{executionId}/resume'],
    ['GET /files/*path', 'get /files/{path}'],
    ['GET /agents{/:id}', 'get /agents/{id}'],
    ['GET /agents/:id?', 'get /agents/{id}'],
    ['GET /agents/:id(\\d+)/runs', 'get /agents/{id}/runs'],
    ['ALL /proxy/*rest', 'all /proxy/{rest}'],
  ])('writes %s as the document keys it: %s', (route, key) => {
    expect(openApiOperationKey(route)).toBe(key);
  });
});

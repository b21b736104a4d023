// The web UI's request types come from its route schemas: these lines compile only while the derived types match,
// and each @ts-expect-error fails the type check (`npm run lint`) the day its field appears in the schema.
import Fastify from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiRouter } from '../../../src/services/webui/api-route.js';
import type { FromSchema, RequestOf } from '../../../src/services/webui/schema-types.js';
import {
  devHostBody,
  dlqActionBody,
  dlqNameParams,
  reasonBody,
  ruleTestBody,
  teamCreateBody,
  type RuleBody,
} from '../../../src/services/webui/schemas.js';

describe('request types derived from route schemas', () => {
  it('maps required, optional, nullable, enum, array and nested object fields', () => {
    expectTypeOf<FromSchema<typeof teamCreateBody>>().toEqualTypeOf<{
      hostname: string;
      team_assignment: string;
      reason?: string;
    }>();
    expectTypeOf<FromSchema<typeof reasonBody>>().toEqualTypeOf<{ reason?: string } | null>();
    expectTypeOf<FromSchema<typeof dlqNameParams>>().toEqualTypeOf<{ name?: 'alerter' | 'moog' | 'dead' | 'old_events' }>();
    expectTypeOf<FromSchema<typeof dlqActionBody>>().toEqualTypeOf<{
      entries?: string[];
      all?: boolean;
      confirm?: boolean;
      edited_body?: Record<string, unknown>;
    }>();
    expectTypeOf<RuleBody['trap_oid']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<RuleBody['match_type']>().toEqualTypeOf<'contains' | 'regex' | 'oid_prefix' | undefined>();
    expectTypeOf<NonNullable<FromSchema<typeof ruleTestBody>['rules']>[number]['id']>().toEqualTypeOf<number | undefined>();
  });

  it('rejects a field the schema does not declare', () => {
    const body = { hostname: 'h' } as RequestOf<{ body: typeof devHostBody }>['body'];
    // @ts-expect-error devHostBody declares no team_assignment
    expect(body.team_assignment).toBeUndefined();
    const rule: RuleBody = {};
    // @ts-expect-error ruleUpdateBody declares no severity (the field is syslog_severity)
    expect(rule.severity).toBeUndefined();
  });

  it('hands the handler the body Fastify validated with the same schema', async () => {
    const app = Fastify();
    new ApiRouter(app).route(
      'POST',
      '/dev-hosts',
      { endpoint: 'dev_hosts', tag: 't', summary: 's' },
      { body: devHostBody },
      async (req) => ({ upper: req.body.hostname.toUpperCase() }),
    );
    const ok = await app.inject({ method: 'POST', url: '/api/v2/dev-hosts', payload: { hostname: 'web-01' } });
    expect(ok.json()).toEqual({ upper: 'WEB-01' });
    const missing = await app.inject({ method: 'POST', url: '/api/v1/dev-hosts', payload: { reason: 'x' } });
    expect(missing.statusCode).toBe(400);
    await app.close();
  });
});

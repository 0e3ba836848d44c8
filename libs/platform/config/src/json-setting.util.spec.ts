import { z } from 'zod';
import { jsonSetting } from './json-setting.util';

describe('jsonSetting', () => {
  const accounts = jsonSetting(z.record(z.string(), z.object({ tenantId: z.string() })));

  it('reads a JSON value through its schema', () => {
    expect(accounts.parse('{"123":{"tenantId":"acme"}}')).toEqual({ '123': { tenantId: 'acme' } });
  });

  it('refuses text that is not JSON without repeating it, and JSON of the wrong shape by the schema', () => {
    const notJson = accounts.safeParse('{token: s3cret-value');
    expect(notJson.success).toBe(false);
    expect(JSON.stringify(notJson.error?.issues)).not.toContain('s3cret-value');
    expect(notJson.error?.issues.map((issue) => issue.message)).toEqual(['must be a JSON object']);
    expect(accounts.safeParse('{"123":{}}').success).toBe(false);
  });
});

// Directives through the JSON API, as the province's document system (e-office) hands one over
// with its service token: the paper uploaded first, the directive cited by hash, the standing of
// each commune read back; bad input answered field by field with nothing written; the commune
// steps absent at the hub and the hub's steps absent at a commune.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';

const pdf = Buffer.from('%PDF-1.4\n% cong van\n%%EOF\n');

forEachDialect('directives API', (dialect) => {
  let hub: TestNode;
  beforeEach(async () => {
    hub = await startTestNode(await dialect.createDatabase(), { role: 'province' });
  });
  afterEach(async () => {
    await hub.app.close();
    await hub.storage.close();
  });
  const bearer = () => ({ authorization: `Bearer ${hub.serviceToken}` });

  it('takes a directive from the document system with its paper and reports where each commune stands', async () => {
    const paper = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/attachments?directive=issue',
      headers: { ...bearer(), 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(paper.statusCode).toBe(201);
    const { hash } = paper.json<{ hash: string }>();
    const issued = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/directives',
      headers: bearer(),
      payload: {
        number: '2600/UBND-VP',
        title: 'Báo cáo trang thiết bị',
        signerName: 'Trần Văn An',
        deadlineKind: 'date',
        deadlineDate: '2026-12-15',
        unitCodes: ['20242', '20308', '20242'],
        attachments: [{ hash, name: 'cong-van.pdf' }],
      },
    });
    expect(issued.statusCode).toBe(201);
    const body = issued.json<{
      directive: { id: string; issuedByName: string; dueAt: string };
      attachments: { hash: string; mediaType: string }[];
      tally: { targets: number; acknowledged: number };
    }>();
    expect(body.directive.issuedByName).toBe('Trần Văn An');
    expect(body.directive.dueAt).toBe('2026-12-15T10:00:00.000Z'); // 17:00 in Vietnam
    expect(body.attachments).toEqual([
      expect.objectContaining({ hash, mediaType: 'application/pdf' }),
    ]);
    expect(body.tally).toMatchObject({ targets: 2, acknowledged: 0 });

    const list = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/directives',
      headers: bearer(),
    });
    expect(list.json<{ directives: unknown[] }>().directives).toHaveLength(1);
    const one = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/directives/${body.directive.id}`,
      headers: bearer(),
    });
    expect(
      one
        .json<{ targets: { unitCode: string; standing: { progress: string } }[] }>()
        .targets.map((t) => [t.unitCode, t.standing.progress])
        .sort(),
    ).toEqual([
      ['20242', 'unacknowledged'],
      ['20308', 'unacknowledged'],
    ]);
    const cancelled = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/directives/${body.directive.id}/cancel`,
      headers: bearer(),
      payload: { reason: 'Nhập nhầm' },
    });
    expect(cancelled.json<{ directive: { cancelReason: string } }>().directive.cancelReason).toBe(
      'Nhập nhầm',
    );
  });

  it('answers bad input field by field, in the caller’s language, and writes nothing', async () => {
    const before = await hub.counts();
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/directives',
      headers: { ...bearer(), 'accept-language': 'en' },
      payload: {
        number: '',
        title: 'T',
        deadlineKind: 'working_days',
        unitCodes: ['79001'],
        attachments: [{ hash: 'a'.repeat(64), name: 'x.pdf' }],
      },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ error: { fields: { field: string; message: string }[] } }>()
      .error.fields;
    expect(fields.map((f) => f.field).sort()).toEqual(['deadlineDays', 'number']);
    expect(fields.find((f) => f.field === 'number')?.message).toBe('Please fill in this field.');
    // Once the form is right, the unit outside the province and the unknown paper are named.
    const second = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/directives',
      headers: bearer(),
      payload: {
        number: '1/UBND',
        title: 'T',
        deadlineKind: 'working_days',
        deadlineDays: 3,
        unitCodes: ['79001'],
      },
    });
    expect(second.statusCode).toBe(400);
    expect(second.json<{ error: { fields: { field: string }[] } }>().error.fields).toEqual([
      expect.objectContaining({ field: 'unitCodes', reason: 'unit_outside' }),
    ]);
    expect((await hub.counts()).events).toBe(before.events);
  });

  it('refuses a commune officer at the hub and has no commune steps there', async () => {
    const cookie = await apiLogin(hub, 'citizen');
    const denied = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/directives',
      headers: { cookie },
    });
    expect(denied.statusCode).toBe(403);
    const step = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/directives/0190aaaa-0000-7000-8000-000000000000/acknowledge',
      headers: bearer(),
    });
    expect(step.statusCode).toBe(404);
  });
});

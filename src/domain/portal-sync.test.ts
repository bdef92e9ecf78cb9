// The national portal's record of a dossier and which events change it.
import { describe, expect, it } from 'vitest';
import { reduceDossier, type DossierEventLike, type DossierState } from './dossiers.js';
import {
  afterPortalAttempt,
  agencyIdOfCode,
  portalRecordOf,
  portalUpdateFor,
} from './portal-sync.js';

const AT = '2026-11-26T02:00:00.000Z';

const received: DossierEventLike = {
  type: 'dossier.received',
  entityId: 'd1',
  occurredAt: AT,
  payload: {
    code: '000.00.14.H56-261126-0001',
    procedureCode: '1.004873',
    procedureVersion: 2,
    procedureName: 'Xác nhận tình trạng hôn nhân',
    receivingUnitCode: '20242',
    competentUnitCode: '20242',
    channel: 'postal',
    applicant: {
      fullName: 'Nguyễn Thị Mai',
      citizenId: '048185000123',
      dateOfBirth: null,
      sex: null,
      phone: null,
      email: null,
      address: null,
      accountId: null,
    },
    components: [],
    fee: { lines: [], totalVnd: 0, exemptions: [] },
    resultDelivery: 'post',
    assistedBy: null,
    note: '',
    receivedAt: AT,
    dueAt: '2026-12-01T02:00:00.000Z',
    status: 'received',
    refusalReason: null,
  },
};

function next(state: DossierState, type: string, payload: unknown, at = AT): DossierState {
  return reduceDossier(state, { type, entityId: state.id, occurredAt: at, payload });
}

describe('the portal record', () => {
  it('carries the code, the procedure, status code 1–10, channel 1–3, times and the unit codes', () => {
    const state = reduceDossier(null, received);
    expect(portalRecordOf(state)).toEqual({
      dossierCode: '000.00.14.H56-261126-0001',
      receivingAgencyId: '000.00.14.H56',
      procedureCode: '1.004873',
      procedureVersion: 2,
      statusCode: 2,
      status: 'received',
      paused: false,
      channel: 3,
      receivingUnitCode: '20242',
      competentUnitCode: '20242',
      handlingUnitCode: '20242',
      submittedAt: null,
      receivedAt: AT,
      dueAt: '2026-12-01T02:00:00.000Z',
      extendedDueAt: null,
      completedAt: null,
      returnedAt: null,
      result: { outcome: null, reason: null, delivery: 'post' },
    });
    expect(agencyIdOfCode('20242-261126-0012')).toBe('20242');
  });

  it('makes an update for a status change and none for an internal step', () => {
    const state = reduceDossier(null, received);
    expect(portalUpdateFor(null, state)).toMatchObject({ statusCode: 2 });
    const assigned = next(state, 'dossier.assigned', {
      assigneeId: 'a',
      assigneeName: 'B',
      note: '',
    });
    expect(portalUpdateFor(state, assigned)).toMatchObject({ statusCode: 4 });
    const submitted = next(assigned, 'dossier.submitted_for_approval', { note: '' });
    expect(portalUpdateFor(assigned, submitted)).toBeNull();
    const supplement = next(submitted, 'dossier.supplement_requested', {
      reason: 'x',
      missing: ['y'],
    });
    // Still pending approval… but the status moved: an update, reported as paused.
    expect(portalUpdateFor(submitted, supplement)).toMatchObject({ statusCode: 5, paused: true });
    const stopped = next(supplement, 'dossier.stopped', { reason: 'Không đủ điều kiện' }, AT);
    expect(portalUpdateFor(supplement, stopped)).toMatchObject({
      statusCode: 8,
      completedAt: AT,
      result: { outcome: 'stopped', reason: 'Không đủ điều kiện', delivery: 'post' },
    });
  });

  it('reports an extension (new date) and an approval with its outcome', () => {
    const state = next(reduceDossier(null, received), 'dossier.assigned', {
      assigneeId: 'a',
      assigneeName: 'B',
      note: '',
    });
    const extended = next(state, 'dossier.extended', {
      reason: 'x',
      newDueAt: '2026-12-10T10:00:00.000Z',
    });
    expect(portalUpdateFor(state, extended)).toMatchObject({
      statusCode: 4,
      extendedDueAt: '2026-12-10T10:00:00.000Z',
    });
    const approved = next(extended, 'dossier.approved', { note: '' });
    expect(portalUpdateFor(extended, approved)).toMatchObject({
      statusCode: 9,
      result: { outcome: 'approved', reason: null },
    });
  });
});

describe('afterPortalAttempt', () => {
  it('retries failures without giving up, backing off to six hours', () => {
    const now = new Date(AT);
    let state = {
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: AT,
      lastError: null,
      reference: null,
    } as Parameters<typeof afterPortalAttempt>[0];
    for (let i = 0; i < 20; i++)
      state = afterPortalAttempt(state, { outcome: 'failed', error: 'timeout' }, now);
    expect(state).toMatchObject({ status: 'failed', attempts: 20, lastError: 'timeout' });
    expect(Date.parse(state.nextAttemptAt ?? '') - now.getTime()).toBe(6 * 3_600_000);
    expect(afterPortalAttempt(state, { outcome: 'rejected', reason: 'bad code' }, now)).toEqual({
      status: 'rejected',
      attempts: 21,
      nextAttemptAt: null,
      lastError: 'bad code',
      reference: null,
    });
  });
});

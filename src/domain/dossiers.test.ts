import { describe, expect, it } from 'vitest';
import { dossierStatusList, type DossierStatus } from './dossier-status.js';
import {
  checkTransition,
  dossierActionList,
  dossierActions,
  dossierEventTypes,
  formatDossierCode,
  isOverdue,
  reduceDossier,
  vietnamDate,
  type DossierAction,
  type DossierState,
} from './dossiers.js';

const applicant = {
  fullName: 'Nguyễn Thị Mai',
  citizenId: '048185000123',
  dateOfBirth: '1985-03-14',
  sex: 'female' as const,
  phone: '0905123456',
  email: null,
  address: '12 Lê Duẩn, Phường Hải Châu',
  accountId: null,
};

const intake = (overrides: Record<string, unknown> = {}) => ({
  code: '20242-261126-0007',
  procedureCode: '1.001193',
  procedureVersion: 1,
  procedureName: 'Đăng ký khai sinh',
  receivingUnitCode: '20242',
  competentUnitCode: '20242',
  channel: 'in_person',
  applicant,
  components: [],
  fee: { lines: [], totalVnd: 0, exemptions: [] },
  resultDelivery: 'receiving_unit',
  assistedBy: null,
  note: '',
  receivedAt: '2026-11-26T01:15:00.000Z',
  dueAt: '2026-11-26T10:00:00.000Z',
  status: 'received',
  refusalReason: null,
  ...overrides,
});

let clock = Date.parse('2026-11-26T01:15:00.000Z');
const ev = (type: string, payload: unknown, minutesLater = 10) => {
  clock += minutesLater * 60_000;
  return { type, entityId: 'd1', payload, occurredAt: new Date(clock).toISOString() };
};
const fold = (...events: ReturnType<typeof ev>[]) =>
  events.reduce<DossierState | null>(reduceDossier, null)!;

/** A state in `status` that satisfies every other condition of `action`. */
function stateFor(status: DossierStatus, action: DossierAction): DossierState {
  const base = fold({
    type: dossierEventTypes.received,
    entityId: 'd1',
    payload: intake(),
    occurredAt: '2026-11-26T01:15:00.000Z',
  });
  return {
    ...base,
    status,
    assigneeId: 'specialist-1',
    pendingApproval: action === 'approve' || action === 'send_back',
  };
}

describe('the dossier lifecycle table', () => {
  for (const action of dossierActionList)
    for (const status of dossierStatusList) {
      const allowed = (dossierActions[action].from as readonly DossierStatus[]).includes(status);
      it(`${allowed ? 'allows' : 'refuses'} ${action} from ${status}`, () => {
        expect(checkTransition(stateFor(status, action), action)).toBe(allowed ? null : 'status');
      });
    }

  it('refuses processing steps on a dossier received for another unit, but lets the desk withdraw it', () => {
    const state = { ...stateFor('received', 'assign'), transferPending: true };
    expect(checkTransition(state, 'assign')).toBe('transfer_pending');
    expect(checkTransition(state, 'withdraw')).toBeNull();
  });

  it('needs a submission before the leader approves, and an assignee before the specialist acts', () => {
    const processing = { ...stateFor('processing', 'assign'), pendingApproval: false };
    expect(checkTransition(processing, 'approve')).toBe('not_pending_approval');
    expect(checkTransition({ ...processing, assigneeId: null }, 'request_supplement')).toBe(
      'not_assigned',
    );
    expect(checkTransition({ ...processing, pendingApproval: true }, 'request_supplement')).toBe(
      'pending_approval',
    );
    expect(checkTransition({ ...processing, pendingApproval: true }, 'assign')).toBe(
      'pending_approval',
    );
  });

  it('lets a dossier be rated once', () => {
    const returned = stateFor('returned', 'rate');
    expect(checkTransition(returned, 'rate')).toBeNull();
    expect(checkTransition({ ...returned, rating: 'satisfied' }, 'rate')).toBe('already_rated');
  });
});

describe('folding dossier events', () => {
  it('follows a dossier from intake to a rating, pausing the clock for a supplement', () => {
    clock = Date.parse('2026-11-26T01:15:00.000Z');
    const received = {
      type: dossierEventTypes.received,
      entityId: 'd1',
      payload: intake(),
      occurredAt: '2026-11-26T01:15:00.000Z',
    };
    const steps = [
      received,
      ev(dossierEventTypes.assigned, { assigneeId: 's1', assigneeName: 'Phạm Quốc Huy', note: '' }),
      ev(dossierEventTypes.supplementRequested, {
        reason: 'Thiếu giấy chứng sinh',
        missing: ['Giấy chứng sinh'],
      }),
      ev(dossierEventTypes.resubmitted, { dueAt: '2026-11-26T10:30:00.000Z', note: '' }, 30),
      ev(dossierEventTypes.submittedForApproval, { note: '' }),
      ev(dossierEventTypes.approved, { note: '' }),
      ev(dossierEventTypes.resultReturned, {
        recipientName: 'Nguyễn Thị Mai',
        recipientCitizenId: null,
        relationship: 'người nộp',
        delivery: 'receiving_unit',
      }),
      ev(dossierEventTypes.rated, { rating: 'satisfied', comment: '' }),
    ];
    const states = steps.map((_, i) => fold(...steps.slice(0, i + 1)));
    expect(states.map((s) => s.status)).toEqual([
      'received',
      'processing',
      'supplement_requested',
      'processing',
      'processing',
      'result_ready',
      'returned',
      'returned',
    ]);
    const final = states.at(-1)!;
    expect(final.pauses).toEqual([
      { from: '2026-11-26T01:35:00.000Z', to: '2026-11-26T02:05:00.000Z' },
    ]);
    expect(final.dueAt).toBe('2026-11-26T10:30:00.000Z');
    expect(final.completedAt).toBe('2026-11-26T02:25:00.000Z');
    expect(final.returnedAt).toBe('2026-11-26T02:35:00.000Z');
    expect(final.rating).toBe('satisfied');
    expect(final.assigneeName).toBe('Phạm Quốc Huy');
    expect(states[4]!.pendingApproval).toBe(true);
    expect(final.pendingApproval).toBe(false);
  });

  it('holds the clock from intake while the fee is unpaid, and restarts it with a new date once paid', () => {
    const state = fold(
      {
        type: dossierEventTypes.received,
        entityId: 'd1',
        payload: intake({ status: 'awaiting_payment' }),
        occurredAt: '2026-11-26T01:15:00.000Z',
      },
      {
        type: dossierEventTypes.paymentRecorded,
        entityId: 'd1',
        payload: {
          payment: {
            method: 'cash',
            amountVnd: 8000,
            reference: 'BL-0012',
            paidAt: '2026-11-26T02:15:00.000Z',
          },
          dueAt: '2026-11-26T11:00:00.000Z',
        },
        occurredAt: '2026-11-26T02:15:00.000Z',
      },
    );
    expect(state.status).toBe('received');
    expect(state.pauses).toEqual([
      { from: '2026-11-26T01:15:00.000Z', to: '2026-11-26T02:15:00.000Z' },
    ]);
    expect(state.dueAt).toBe('2026-11-26T11:00:00.000Z');
    expect(state.payments).toHaveLength(1);
  });

  it('marks a dossier received for another unit as awaiting transfer', () => {
    const state = fold({
      type: dossierEventTypes.received,
      entityId: 'd1',
      payload: intake({ competentUnitCode: '20308' }),
      occurredAt: '2026-11-26T01:15:00.000Z',
    });
    expect(state.transferPending).toBe(true);
  });

  it('keeps both dates after an apology and extension', () => {
    const state = fold(
      {
        type: dossierEventTypes.received,
        entityId: 'd1',
        payload: intake(),
        occurredAt: '2026-11-26T01:15:00.000Z',
      },
      {
        type: dossierEventTypes.extended,
        entityId: 'd1',
        payload: { reason: 'Cần xác minh', newDueAt: '2026-11-30T10:00:00.000Z' },
        occurredAt: '2026-11-26T08:00:00.000Z',
      },
    );
    expect(state.dueAt).toBe('2026-11-26T10:00:00.000Z');
    expect(state.extendedDueAt).toBe('2026-11-30T10:00:00.000Z');
  });

  it('refuses an event before the dossier exists, and an unknown event', () => {
    expect(() =>
      reduceDossier(null, {
        type: dossierEventTypes.approved,
        entityId: 'd1',
        payload: { note: '' },
        occurredAt: '2026-11-26T01:00:00.000Z',
      }),
    ).toThrow(/before the dossier was received/);
    const state = stateFor('received', 'assign');
    expect(() =>
      reduceDossier(state, {
        type: 'dossier.teleported',
        entityId: 'd1',
        payload: {},
        occurredAt: '2026-11-26T01:00:00.000Z',
      }),
    ).toThrow(/Unknown dossier event/);
  });
});

describe('overdue', () => {
  const open = stateFor('processing', 'assign');
  it('is late when now passes the due date while open', () => {
    expect(isOverdue(open, '2026-11-26T09:59:59.999Z')).toBe(false);
    expect(isOverdue(open, '2026-11-26T10:00:00.001Z')).toBe(true);
  });
  it('judges a finished dossier by when it was finished, on device time', () => {
    const done = {
      ...open,
      status: 'result_ready' as const,
      completedAt: '2026-11-26T09:00:00.000Z',
    };
    expect(isOverdue(done, '2026-12-30T00:00:00.000Z')).toBe(false);
    expect(
      isOverdue({ ...done, completedAt: '2026-11-26T10:30:00.000Z' }, '2026-11-26T10:31:00.000Z'),
    ).toBe(true);
  });
  it('is not late while the clock stands still or after a refusal', () => {
    expect(isOverdue({ ...open, status: 'supplement_requested' }, '2026-12-30T00:00:00.000Z')).toBe(
      false,
    );
    expect(
      isOverdue(
        { ...open, status: 'refused', completedAt: '2026-12-01T00:00:00.000Z' },
        '2026-12-30T00:00:00.000Z',
      ),
    ).toBe(false);
  });
});

describe('dossier codes', () => {
  it('formats the code of DESIGN §4', () => {
    expect(formatDossierCode('000.00.14.H56', '2020-02-03', 118)).toBe('000.00.14.H56-200203-0118');
    expect(formatDossierCode('20242', '2026-11-26', 7)).toBe('20242-261126-0007');
    expect(formatDossierCode('20242', '2026-11-26', 12345)).toBe('20242-261126-12345');
    expect(() => formatDossierCode('20242', '2026-11-26', 0)).toThrow(RangeError);
  });
  it('dates a dossier by the Vietnamese calendar day (UTC+7)', () => {
    expect(vietnamDate('2026-11-26T16:59:59.999Z')).toBe('2026-11-26');
    expect(vietnamDate('2026-11-26T17:00:00.000Z')).toBe('2026-11-27');
  });
});

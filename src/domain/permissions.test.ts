// The permission rules as a table: every role against every action, for a subject in the
// actor's own unit, in another unit of the same province, and in another province.
import { describe, expect, it } from 'vitest';
import { actions, can, rules, type Action, type Actor, type Subject } from './permissions.js';
import { roles, type Role } from './roles.js';

const haiChau = { unitCode: '20242', provinceCode: '48' };
const baNa = { unitCode: '20308', provinceCode: '48' };
const danang = { unitCode: '48', provinceCode: '48' };
const hanoiWard = { unitCode: '00004', provinceCode: '01' };

/** Where each role's test actor sits. */
const homeOf: Record<Role, { unitCode: string; provinceCode: string }> = {
  citizen: danang,
  receiving_officer: haiChau,
  specialist: haiChau,
  leader: haiChau,
  province_admin: danang,
  volunteer: haiChau,
  service: danang,
};

const actor = (role: Role): Actor => ({ id: `acc-${role}`, role, ...homeOf[role] });

type Where = 'own unit' | 'other unit, same province' | 'other province' | 'own data';
const subjectFor = (role: Role, where: Where): Subject => {
  switch (where) {
    case 'own unit':
      return homeOf[role];
    case 'other unit, same province':
      return homeOf[role].unitCode === baNa.unitCode ? haiChau : baNa;
    case 'other province':
      return hanoiWard;
    case 'own data':
      return { ...homeOf[role], ownerId: `acc-${role}` };
  }
};

const Y = true;
const N = false;
// prettier-ignore
const table: Partial<Record<Action, Record<Where, Record<Role, boolean>>>> = {
  //                                   citizen  receiving specialist leader  p_admin volunteer service
  'home.view': {
    'own unit':                  row(Y, Y, Y, Y, Y, Y, Y),
    'other unit, same province': row(Y, Y, Y, Y, Y, Y, Y),
    'other province':            row(Y, Y, Y, Y, Y, Y, Y),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
  'reference.read': {
    'own unit':                  row(Y, Y, Y, Y, Y, Y, Y),
    'other unit, same province': row(Y, Y, Y, Y, Y, Y, Y),
    'other province':            row(Y, Y, Y, Y, Y, Y, Y),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
  'account.list': {
    'own unit':                  row(N, N, N, Y, Y, N, Y),
    'other unit, same province': row(N, N, N, N, Y, N, Y),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, Y, N, Y),
  },
  'account.read': {
    'own unit':                  row(N, N, N, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
  'account.create': {
    'own unit':                  row(N, N, N, N, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, N),
  },
  'audit.read': {
    'own unit':                  row(N, N, N, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, Y, N, N),
  },
  'calendar.import': {
    'own unit':                  row(N, N, N, N, Y, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, N),
  },
  'catalogue.import': {
    'own unit':                  row(N, N, N, N, Y, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, N),
  },
  'person.read': {
    'own unit':                  row(N, Y, Y, Y, N, N, N),
    'other unit, same province': row(N, Y, Y, Y, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
  'civil.register': {
    'own unit':                  row(N, Y, Y, N, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, N, N, N, N),
  },
  'civil.correct': {
    'own unit':                  row(N, N, Y, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, Y, Y, N, N, N),
  },
  'civil.read': {
    'own unit':                  row(N, Y, Y, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, N, N, N),
  },
  'civil.search': {
    'own unit':                  row(N, Y, Y, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, N, N, N),
  },
  'civil.copy': {
    'own unit':                  row(N, Y, Y, N, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, N, N, N, N),
  },
  'civil.book_manage': {
    'own unit':                  row(N, N, Y, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, Y, Y, N, N, N),
  },
  'civil.statistics': {
    'own unit':                  row(N, Y, Y, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, Y, N, N),
  },
  'civil.verify': {
    'own unit':                  row(Y, Y, Y, Y, Y, Y, Y),
    'other unit, same province': row(Y, Y, Y, Y, Y, Y, Y),
    'other province':            row(Y, Y, Y, Y, Y, Y, Y),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
  // The officers of this table sit at a commune: the dashboard is the province's.
  'dashboard.read': {
    'own unit':                  row(N, N, N, N, Y, N, Y),
    'other unit, same province': row(N, N, N, N, Y, N, Y),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, Y),
  },
  // Directives: the province issues them at the hub (the leader of this table sits at a
  // commune); each commune answers its own. Reporting by the assigned officer: below.
  'directive.issue': {
    'own unit':                  row(N, N, N, N, Y, N, Y),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, Y),
  },
  'directive.cancel': {
    'own unit':                  row(N, N, N, N, Y, N, Y),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, Y),
  },
  'directive.review': {
    'own unit':                  row(N, N, N, N, Y, N, Y),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, Y),
  },
  'directive.read': {
    'own unit':                  row(N, Y, Y, Y, Y, N, Y),
    'other unit, same province': row(N, N, N, N, Y, N, Y),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, Y, N, Y),
  },
  'directive.acknowledge': {
    'own unit':                  row(N, Y, Y, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, N, N, N),
  },
  'directive.assign': {
    'own unit':                  row(N, N, N, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, N, N, N),
  },
  'directive.report': {
    'own unit':                  row(N, N, N, Y, N, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, N, N, N),
  },
  // A commune's leader manages its assets; the province administrator only the province's own.
  'asset.manage': {
    'own unit':                  row(N, N, N, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, Y, N, N),
  },
  'asset.read': {
    'own unit':                  row(N, Y, Y, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, Y, N, N),
  },
  // Same as civil.statistics: the officers of this table sit at a commune.
  'report.read': {
    'own unit':                  row(N, Y, Y, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, Y, Y, Y, Y, N, N),
  },
  // A commune's leader sees their own officers; the province every commune (its own officers
  // too: domain/staffing.test.ts). Only the province administrator sets a field.
  'staffing.read': {
    'own unit':                  row(N, N, N, Y, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, Y, Y, N, N),
  },
  'staffing.manage': {
    'own unit':                  row(N, N, N, N, Y, N, N),
    'other unit, same province': row(N, N, N, N, Y, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(N, N, N, N, Y, N, N),
  },
};

function row(...allowed: boolean[]): Record<Role, boolean> {
  return Object.fromEntries(roles.map((r, i) => [r, allowed[i] ?? false])) as Record<Role, boolean>;
}

describe('permission table', () => {
  it('covers every action, in this table or the dossier table below', () => {
    expect([...Object.keys(table), ...Object.keys(dossierTable)].sort()).toEqual(
      [...actions].sort(),
    );
  });

  for (const [action, byWhere] of Object.entries(table) as [
    Action,
    Record<Where, Record<Role, boolean>>,
  ][])
    for (const where of Object.keys(byWhere) as Where[])
      for (const role of roles) {
        const expected = byWhere[where][role];
        it(`${role} ${expected ? 'may' : 'may not'} ${action} (${where})`, () => {
          expect(can(actor(role), action, subjectFor(role, where))).toBe(expected);
        });
      }

  it('lets an anonymous visitor read reference data and verify certificates, nothing else of these', () => {
    for (const action of Object.keys(table) as Action[])
      expect(can(null, action, danang), action).toBe(
        action === 'reference.read' || action === 'civil.verify',
      );
  });

  it('every rule says in words what it allows', () => {
    for (const rule of rules) expect(rule.says.length).toBeGreaterThan(10);
  });
});

// The dossier rules: where the dossier is held, and whether it is assigned to the actor.
type DossierWhere =
  | 'own unit'
  | 'own unit, assigned to me'
  | 'other unit, same province'
  | 'other province'
  | 'own data';
const dossierSubject = (role: Role, where: DossierWhere): Subject => {
  const me = `acc-${role}`;
  switch (where) {
    case 'own unit':
      return { ...homeOf[role], assigneeId: 'someone-else' };
    case 'own unit, assigned to me':
      return { ...homeOf[role], assigneeId: me };
    case 'other unit, same province':
      return { ...(homeOf[role].unitCode === baNa.unitCode ? haiChau : baNa), assigneeId: me };
    case 'other province':
      return { ...hanoiWard, assigneeId: me };
    case 'own data':
      return { ...baNa, ownerId: me, assigneeId: null };
  }
};
const all = (v: boolean) => row(v, v, v, v, v, v, v);
// prettier-ignore
const dossierTable: Partial<Record<Action, Record<DossierWhere, Record<Role, boolean>>>> = {
  //                                  citizen receiving specialist leader p_admin volunteer service
  'dossier.intake':              { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.read':                { 'own unit': row(N, Y, Y, Y, N, N, N), 'own unit, assigned to me': row(N, Y, Y, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(Y) },
  'dossier.list':                { 'own unit': row(N, Y, Y, Y, N, N, N), 'own unit, assigned to me': row(N, Y, Y, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.accept':              { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.refuse':              { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.assign':              { 'own unit': row(N, Y, N, Y, N, N, N), 'own unit, assigned to me': row(N, Y, N, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.request_supplement':  { 'own unit': all(N), 'own unit, assigned to me': row(N, N, Y, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.resubmit':            { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.request_payment':     { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, Y, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.record_payment':      { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.submit_for_approval': { 'own unit': all(N), 'own unit, assigned to me': row(N, N, Y, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.approve':             { 'own unit': row(N, N, N, Y, N, N, N), 'own unit, assigned to me': row(N, N, N, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.send_back':           { 'own unit': row(N, N, N, Y, N, N, N), 'own unit, assigned to me': row(N, N, N, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.stop':                { 'own unit': row(N, N, N, Y, N, N, N), 'own unit, assigned to me': row(N, N, N, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.withdraw':            { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.return_result':       { 'own unit': row(N, Y, N, N, N, N, N), 'own unit, assigned to me': row(N, Y, N, N, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.extend':              { 'own unit': row(N, N, N, Y, N, N, N), 'own unit, assigned to me': row(N, N, Y, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
  'dossier.rate':                { 'own unit': all(Y), 'own unit, assigned to me': all(Y), 'other unit, same province': all(Y), 'other province': all(Y), 'own data': all(Y) },
  'dossier.track':               { 'own unit': all(Y), 'own unit, assigned to me': all(Y), 'other unit, same province': all(Y), 'other province': all(Y), 'own data': all(Y) },
  'dossier.submit_online':       { 'own unit': all(Y), 'own unit, assigned to me': all(Y), 'other unit, same province': all(Y), 'other province': all(Y), 'own data': all(Y) },
  'dossier.assist':              { 'own unit': row(N, N, N, N, N, Y, N), 'own unit, assigned to me': row(N, N, N, N, N, Y, N), 'other unit, same province': row(N, N, N, N, N, Y, N), 'other province': all(N), 'own data': row(N, N, N, N, N, Y, N) },
  'node.manage':                 { 'own unit': row(N, N, N, N, Y, N, N), 'own unit, assigned to me': row(N, N, N, N, Y, N, N), 'other unit, same province': row(N, N, N, N, Y, N, N), 'other province': all(N), 'own data': row(N, N, N, N, Y, N, N) },
  'tracking_book.read':          { 'own unit': row(N, Y, Y, Y, N, N, N), 'own unit, assigned to me': row(N, Y, Y, Y, N, N, N), 'other unit, same province': all(N), 'other province': all(N), 'own data': all(N) },
};

describe('dossier permission table', () => {
  for (const [action, byWhere] of Object.entries(dossierTable) as [
    Action,
    Record<DossierWhere, Record<Role, boolean>>,
  ][])
    for (const where of Object.keys(byWhere) as DossierWhere[])
      for (const role of roles) {
        const expected = byWhere[where][role];
        it(`${role} ${expected ? 'may' : 'may not'} ${action} (${where})`, () => {
          expect(can(actor(role), action, dossierSubject(role, where))).toBe(expected);
        });
      }

  it('lets an anonymous visitor only track, rate and file dossiers online', () => {
    for (const action of Object.keys(dossierTable) as Action[])
      expect(can(null, action, haiChau), action).toBe(
        action === 'dossier.track' ||
          action === 'dossier.rate' ||
          action === 'dossier.submit_online',
      );
  });
});

describe('civil-status registers at the province', () => {
  const provinceOfficer: Actor = { id: 'p-spec', role: 'specialist', ...danang };
  it('an officer of the province reads and searches every commune’s registers, and writes none', () => {
    expect(can(provinceOfficer, 'civil.read', baNa)).toBe(true);
    expect(can(provinceOfficer, 'civil.search', haiChau)).toBe(true);
    expect(can(provinceOfficer, 'civil.statistics', haiChau)).toBe(true);
    expect(can(provinceOfficer, 'civil.register', baNa)).toBe(false);
    expect(can(provinceOfficer, 'civil.correct', baNa)).toBe(false);
    expect(can(provinceOfficer, 'civil.read', hanoiWard)).toBe(false);
  });
});

describe('public assets at the province', () => {
  it('the province’s officers read every unit’s register; its leader manages only the province’s own assets', () => {
    for (const role of ['receiving_officer', 'specialist', 'leader'] as const) {
      const atProvince: Actor = { id: `p-${role}`, role, ...danang };
      expect(can(atProvince, 'asset.read', baNa)).toBe(true);
      expect(can(atProvince, 'asset.read', danang)).toBe(true);
      expect(can(atProvince, 'asset.read', hanoiWard)).toBe(false);
      expect(can(atProvince, 'asset.manage', baNa)).toBe(false);
      expect(can(atProvince, 'asset.manage', danang)).toBe(role === 'leader');
    }
    const admin: Actor = { id: 'p-admin', role: 'province_admin', ...danang };
    expect(can(admin, 'asset.manage', { unitCode: '01', provinceCode: '01' })).toBe(false);
  });
});

describe('the province dashboard', () => {
  it('is for the province’s own officers, not a commune’s, and only for their province', () => {
    for (const role of ['receiving_officer', 'specialist', 'leader'] as const) {
      const atProvince: Actor = { id: `p-${role}`, role, ...danang };
      expect(can(atProvince, 'dashboard.read', danang)).toBe(true);
      expect(can(atProvince, 'dashboard.read', baNa)).toBe(true);
      expect(can(atProvince, 'dashboard.read', hanoiWard)).toBe(false);
      expect(can(actor(role), 'dashboard.read', haiChau)).toBe(false);
    }
  });
});

describe('directives', () => {
  it('the officer a directive is assigned to reports it; no other officer but the leader', () => {
    for (const role of ['receiving_officer', 'specialist'] as const) {
      const me = actor(role);
      expect(can(me, 'directive.report', { ...haiChau, assigneeId: me.id })).toBe(true);
      expect(can(me, 'directive.report', { ...haiChau, assigneeId: 'someone-else' })).toBe(false);
      expect(can(me, 'directive.report', { ...baNa, assigneeId: me.id })).toBe(false);
    }
  });

  it('a leader of the province issues and withdraws at the hub, never for a commune', () => {
    const provinceLeader: Actor = { id: 'acc-pl', role: 'leader', ...danang };
    expect(can(provinceLeader, 'directive.issue', danang)).toBe(true);
    expect(can(provinceLeader, 'directive.cancel', danang)).toBe(true);
    expect(can(provinceLeader, 'directive.issue', baNa)).toBe(false);
    expect(can(provinceLeader, 'directive.read', baNa)).toBe(true);
    // …and takes no commune's steps.
    expect(can(provinceLeader, 'directive.acknowledge', baNa)).toBe(false);
    expect(can(provinceLeader, 'directive.assign', baNa)).toBe(false);
  });
});

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
const table: Record<Action, Record<Where, Record<Role, boolean>>> = {
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
  'person.read': {
    'own unit':                  row(N, Y, Y, Y, N, N, N),
    'other unit, same province': row(N, Y, Y, Y, N, N, N),
    'other province':            row(N, N, N, N, N, N, N),
    'own data':                  row(Y, Y, Y, Y, Y, Y, Y),
  },
};

function row(...allowed: boolean[]): Record<Role, boolean> {
  return Object.fromEntries(roles.map((r, i) => [r, allowed[i] ?? false])) as Record<Role, boolean>;
}

describe('permission table', () => {
  it('covers every action', () => {
    expect(Object.keys(table).sort()).toEqual([...actions].sort());
  });

  for (const action of actions)
    for (const where of Object.keys(table[action]) as Where[])
      for (const role of roles) {
        const expected = table[action][where][role];
        it(`${role} ${expected ? 'may' : 'may not'} ${action} (${where})`, () => {
          expect(can(actor(role), action, subjectFor(role, where))).toBe(expected);
        });
      }

  it('lets an anonymous visitor read reference data and nothing else', () => {
    for (const action of actions)
      expect(can(null, action, danang), action).toBe(action === 'reference.read');
  });

  it('every rule says in words what it allows', () => {
    for (const rule of rules) expect(rule.says.length).toBeGreaterThan(10);
  });
});

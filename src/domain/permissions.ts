// Who may do what. For a government system this *is* the domain, so the rules are data:
// one row per (action, who, condition), read top to bottom by people and by the tests.
// A request is allowed when at least one rule for its action allows it; otherwise denied.
import type { Role } from './roles.js';

/** The acting person, or null for an anonymous visitor. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly unitCode: string;
  /** The province of the actor's unit (the unit itself for province-level accounts). */
  readonly provinceCode: string;
}

/** What an action is about: always located in a unit, so scope can be checked. */
export interface Subject {
  readonly unitCode: string;
  readonly provinceCode: string;
  /** The account the subject belongs to, when it is a person's own data. */
  readonly ownerId?: string;
}

export const actions = [
  'home.view',
  'reference.read', // danh mục đơn vị hành chính: public
  'account.list',
  'account.read',
  'account.create',
  'audit.read',
  'person.read', // read a person's data (applicant, citizen profile)
] as const;
export type Action = (typeof actions)[number];

type Condition = (actor: Actor, subject: Subject) => boolean;

export interface Rule {
  readonly action: Action;
  /** Roles the rule is about; 'anyone' includes anonymous visitors. */
  readonly who: readonly Role[] | 'anyone' | 'authenticated';
  readonly when: Condition;
  /** The rule in words, shown in docs/permissions.md and in test names. */
  readonly says: string;
}

const always: Condition = () => true;
const sameUnit: Condition = (a, s) => a.unitCode === s.unitCode;
const sameProvince: Condition = (a, s) => a.provinceCode === s.provinceCode;
const ownData: Condition = (a, s) => s.ownerId !== undefined && s.ownerId === a.id;
const officers: readonly Role[] = ['receiving_officer', 'specialist', 'leader'];

export const rules: readonly Rule[] = [
  {
    action: 'home.view',
    who: 'authenticated',
    when: always,
    says: 'every signed-in account sees its home page',
  },
  {
    action: 'reference.read',
    who: 'anyone',
    when: always,
    says: 'anyone may read the administrative-unit catalogue',
  },

  {
    action: 'account.list',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator lists the accounts of any unit of the province',
  },
  {
    action: 'account.list',
    who: ['leader'],
    when: sameUnit,
    says: 'a leader lists the accounts of their own unit',
  },
  {
    action: 'account.list',
    who: ['service'],
    when: sameProvince,
    says: 'a service account of the province lists accounts of the province',
  },
  {
    action: 'account.read',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator reads any account of the province',
  },
  {
    action: 'account.read',
    who: ['leader'],
    when: sameUnit,
    says: 'a leader reads the accounts of their own unit',
  },
  {
    action: 'account.read',
    who: 'authenticated',
    when: ownData,
    says: 'everyone reads their own account',
  },
  {
    action: 'account.create',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator creates accounts for any unit of the province',
  },

  {
    action: 'audit.read',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator reads the audit trail of any unit of the province',
  },
  {
    action: 'audit.read',
    who: ['leader'],
    when: sameUnit,
    says: 'a leader reads the audit trail of their own unit',
  },

  {
    action: 'person.read',
    who: officers,
    when: sameProvince,
    says: 'an officer of the province reads the data of a person the province serves',
  },
  {
    action: 'person.read',
    who: 'authenticated',
    when: ownData,
    says: 'a person reads their own data',
  },
];

/** The rule that allows the action, or undefined when it is denied. */
export function allowingRule(
  actor: Actor | null,
  action: Action,
  subject: Subject,
): Rule | undefined {
  return rules.find((rule) => {
    if (rule.action !== action) return false;
    if (rule.who === 'anyone') return true;
    if (actor === null) return false;
    if (rule.who !== 'authenticated' && !rule.who.includes(actor.role)) return false;
    return rule.when(actor, subject);
  });
}

export function can(actor: Actor | null, action: Action, subject: Subject): boolean {
  return allowingRule(actor, action, subject) !== undefined;
}

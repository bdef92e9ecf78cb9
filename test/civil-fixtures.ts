// Registration bodies for the civil-status API (a birth, a death and a marriage at Phường Hải
// Châu, all on time for a node whose clock reads 26/11/2026), shared by the suites.
import { expect } from 'vitest';
import type { TestNode } from './app-harness.js';

export const birthBody = (
  child: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  kind: 'birth',
  facts: {
    child: {
      fullName: 'Nguyễn Thị Ánh Dương',
      sex: 'female',
      dateOfBirth: '2026-11-20',
      placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
      hometown: 'Quảng Nam',
      ...child,
    },
    mother: {
      fullName: 'Trần Thị Bích Ngọc',
      birthYear: 1996,
      residence: 'Phường Hải Châu, thành phố Đà Nẵng',
      citizenId: '048196000123',
    },
    father: {
      fullName: 'Nguyễn Văn Đức',
      birthYear: 1994,
      residence: 'Phường Hải Châu, thành phố Đà Nẵng',
      citizenId: '048094000456',
    },
    evidence: 'birth_notice',
  },
  declarant: { fullName: 'Trần Thị Bích Ngọc', citizenId: '048196000123', relationship: 'mẹ' },
  ...extra,
});

export const deathBody = (
  deceased: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  kind: 'death',
  facts: {
    deceased: {
      fullName: 'Lê Văn Đức',
      sex: 'male',
      dateOfBirth: '1940-05-02',
      personalId: '048040000321',
      lastResidence: 'Phường Hải Châu, thành phố Đà Nẵng',
      ...deceased,
    },
    dateOfDeath: '2026-11-20',
    timeOfDeath: '04:30',
    placeOfDeath: 'Tại nhà',
    cause: 'Già yếu',
    deathNotice: {
      number: '12/GBT',
      issuedOn: '2026-11-20',
      issuedBy: 'Trạm Y tế phường Hải Châu',
    },
  },
  declarant: { fullName: 'Lê Thị Hoa', citizenId: '048170000999', relationship: 'con' },
  ...extra,
});

export const mother = {
  fullName: 'Trần Thị Bích Ngọc',
  birthYear: 1996,
  residence: 'Phường Hải Châu, thành phố Đà Nẵng',
  citizenId: '048196000123',
};
export const husband = {
  fullName: 'Phạm Minh Quân',
  dateOfBirth: '1995-04-12',
  residence: 'Phường Hải Châu, thành phố Đà Nẵng',
  citizenId: '048095001234',
};
export const wife = {
  fullName: 'Võ Thị Hồng Nhung',
  dateOfBirth: '1998-07-20',
  residence: 'Xã Bà Nà, thành phố Đà Nẵng',
  citizenId: '048198004321',
};
export const marriageBody = (changes: Record<string, unknown> = {}) => ({
  kind: 'marriage',
  facts: { husband, wife, presence: { husband: true, wife: true }, ...changes },
});

/** Registers through the JSON API and returns the new record's id (fails the test otherwise). */
export async function registerRecord(node: TestNode, cookie: string, body: unknown) {
  const response = await node.app.inject({
    method: 'POST',
    url: '/api/v1/civil/registrations',
    headers: { cookie },
    payload: body as object,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ record: { id: string; number: number } }>().record;
}

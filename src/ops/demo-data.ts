// The demo installation: the Đà Nẵng province hub and two of its communes, one urban ward and
// one mountain commune, with an account for every role. All names are invented.
import type { Role } from '../domain/roles.js';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitCode: string;
}

export interface DemoNode {
  readonly key: string;
  readonly role: 'commune' | 'province';
  readonly unitCode: string;
  readonly portOffset: number;
  readonly accounts: readonly DemoAccount[];
}

/** Shared by every demo account; printed by `npm start`. Never use demo data in production. */
export const demoPassword = 'motcua-demo-2026';

export const demoNodes: readonly DemoNode[] = [
  {
    key: 'hub-48',
    role: 'province',
    unitCode: '48',
    portOffset: 0,
    accounts: [
      {
        username: 'quantri.danang',
        displayName: 'Lê Minh Quân',
        role: 'province_admin',
        unitCode: '48',
      },
      {
        username: 'lanhdao.danang',
        displayName: 'Võ Thị Thu Hà',
        role: 'leader',
        unitCode: '48',
      },
      { username: 'congdan.an', displayName: 'Nguyễn Văn An', role: 'citizen', unitCode: '48' },
    ],
  },
  {
    key: 'commune-20242',
    role: 'commune',
    unitCode: '20242',
    portOffset: 1,
    accounts: [
      {
        username: 'tiepnhan.haichau',
        displayName: 'Trần Thị Bích',
        role: 'receiving_officer',
        unitCode: '20242',
      },
      {
        username: 'chuyenvien.haichau',
        displayName: 'Phạm Quốc Huy',
        role: 'specialist',
        unitCode: '20242',
      },
      {
        username: 'chuyenvien2.haichau',
        displayName: 'Lương Thị Kim Oanh',
        role: 'specialist',
        unitCode: '20242',
      },
      {
        username: 'lanhdao.haichau',
        displayName: 'Võ Thị Hồng Nhung',
        role: 'leader',
        unitCode: '20242',
      },
      {
        username: 'tinhnguyen.haichau',
        displayName: 'Đặng Gia Bảo',
        role: 'volunteer',
        unitCode: '20242',
      },
    ],
  },
  {
    key: 'commune-20308',
    role: 'commune',
    unitCode: '20308',
    portOffset: 2,
    accounts: [
      {
        username: 'tiepnhan.bana',
        displayName: 'Hồ Thị Lan',
        role: 'receiving_officer',
        unitCode: '20308',
      },
      {
        username: 'chuyenvien.bana',
        displayName: 'A Lăng Đức',
        role: 'specialist',
        unitCode: '20308',
      },
      {
        username: 'chuyenvien2.bana',
        displayName: 'Zơ Râm Thị Hoa',
        role: 'specialist',
        unitCode: '20308',
      },
      {
        username: 'lanhdao.bana',
        displayName: 'Bríu Văn Thắng',
        role: 'leader',
        unitCode: '20308',
      },
      {
        username: 'tinhnguyen.bana',
        displayName: 'Nguyễn Thảo My',
        role: 'volunteer',
        unitCode: '20308',
      },
    ],
  },
];

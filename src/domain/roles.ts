// Who works in Một Cửa. Every account belongs to exactly one unit: a commune-level unit
// (5-digit code) for the people at a commune's one-stop desk, or a province (2-digit code)
// for citizens, province staff and service accounts.
export const roles = [
  'citizen',
  'receiving_officer', // công chức tiếp nhận (Bộ phận Một cửa)
  'specialist', // công chức chuyên môn
  'leader', // lãnh đạo UBND / lãnh đạo đơn vị
  'province_admin', // quản trị hệ thống cấp tỉnh
  'volunteer', // tình nguyện viên hỗ trợ người dân nộp hồ sơ
  'service', // tài khoản dịch vụ: an integration calling the API with a bearer token
] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The level of unit an account of each role belongs to. */
export const roleUnitLevel: Readonly<Record<Role, 'commune' | 'province' | 'either'>> = {
  citizen: 'province',
  receiving_officer: 'either', // a province-level center has a one-stop desk too
  specialist: 'either',
  leader: 'either',
  province_admin: 'province',
  volunteer: 'commune',
  service: 'province',
};

export type UnitLevel = 'commune' | 'province';

export function unitLevelOf(unitCode: string): UnitLevel | undefined {
  if (/^\d{2}$/.test(unitCode)) return 'province';
  if (/^\d{5}$/.test(unitCode)) return 'commune';
  return undefined;
}

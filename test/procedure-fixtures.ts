// Test data for the procedure catalogue: a small factory with overrides (STYLE.md, "Tests").
import type { ProcedureVersion } from '../src/domain/procedures.js';

/** Birth registration as the seed catalogue has it, with overrides. */
export function buildVersion(overrides: Partial<ProcedureVersion> = {}): ProcedureVersion {
  return {
    code: '1.001193',
    version: 1,
    nameVi: 'Thủ tục đăng ký khai sinh',
    nameEn: 'Birth registration',
    sector: { code: 'ho_tich', nameVi: 'Hộ tịch', nameEn: 'Civil status' },
    level: 'commune',
    processingTime: { value: 0, unit: 'same_day' },
    verificationTime: null,
    registrationWindowDays: 60,
    fees: [
      {
        code: 'le_phi_khai_sinh_qua_han',
        nameVi: 'Lệ phí đăng ký khai sinh quá hạn',
        nameEn: 'Late birth registration fee',
        amountVnd: 5000,
        basis: 'late_registration',
        exemptions: ['meritorious_family', 'poor_household', 'disability'],
      },
      {
        code: 'ban_sao_trich_luc',
        nameVi: 'Phí cấp bản sao Giấy khai sinh',
        nameEn: 'Copy of the birth certificate',
        amountVnd: 8000,
        basis: 'per_copy',
        exemptions: [],
      },
    ],
    components: [
      {
        code: 'to_khai',
        nameVi: 'Tờ khai đăng ký khai sinh',
        nameEn: 'Birth registration form',
        required: true,
        reusableFromData: [],
      },
      {
        code: 'giay_chung_sinh',
        nameVi: 'Giấy chứng sinh',
        nameEn: 'Birth notification',
        required: true,
        reusableFromData: ['e_data_store'],
        copies: 1,
      },
    ],
    channels: { inPerson: true, online: 'full', postal: true },
    nonTerritorial: true,
    legalBasis: ['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP'],
    validFrom: '2025-07-01',
    validTo: null,
    resultNameVi: 'Giấy khai sinh',
    confirmed: true,
    sourceNote: 'Cổng Dịch vụ công quốc gia',
    ...overrides,
  };
}

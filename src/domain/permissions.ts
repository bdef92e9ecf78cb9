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
  /** The specialist a dossier is assigned to. */
  readonly assigneeId?: string | null;
}

export const actions = [
  'home.view',
  'reference.read', // danh mục đơn vị hành chính: public
  'account.list',
  'account.read',
  'account.create',
  'audit.read',
  'calendar.import', // nhập lịch nghỉ lễ, tết hằng năm (working calendar notice)
  'catalogue.import', // nhập, công bố danh mục thủ tục hành chính của tỉnh
  'person.read', // read a person's data (applicant, citizen profile)
  'dossier.intake', // tiếp nhận hồ sơ tại quầy
  'dossier.read',
  'dossier.list',
  'dossier.accept', // tiếp nhận hồ sơ nộp trực tuyến
  'dossier.refuse', // từ chối tiếp nhận
  'dossier.assign', // chuyển xử lý, phân công
  'dossier.request_supplement', // yêu cầu bổ sung, hoàn thiện
  'dossier.resubmit', // nhận hồ sơ bổ sung
  'dossier.request_payment', // yêu cầu thực hiện nghĩa vụ tài chính
  'dossier.record_payment',
  'dossier.submit_for_approval', // trình ký
  'dossier.approve', // phê duyệt
  'dossier.send_back', // trả lại chuyên viên
  'dossier.stop', // dừng xử lý
  'dossier.withdraw', // rút hồ sơ theo yêu cầu của công dân
  'dossier.return_result', // trả kết quả
  'dossier.extend', // xin lỗi và gia hạn
  'dossier.rate', // đánh giá mức độ hài lòng
  'dossier.track', // tra cứu hồ sơ
  'dossier.submit_online', // nộp hồ sơ trực tuyến (cổng dịch vụ công)
  'dossier.assist', // tình nguyện viên nộp hồ sơ thay công dân, có sự đồng ý của công dân
  'tracking_book.read', // sổ theo dõi hồ sơ
  'node.manage', // enrol and revoke commune nodes, see their sync health
  'civil.register', // đăng ký khai sinh, khai tử, kết hôn
  'civil.correct', // cải chính, bổ sung hộ tịch
  'civil.read', // read a civil-status record (personal data)
  'civil.search', // search the registers
  'civil.copy', // cấp bản sao trích lục
  'civil.book_manage', // open, continue and close register books
  'civil.statistics', // monthly civil-status figures
  'civil.verify', // verify a certificate's QR code
  'dashboard.read', // bảng điều hành của tỉnh: chỉ số 766, hồ sơ trễ hạn, khối lượng, đồng bộ
  'directive.issue', // ban hành văn bản chỉ đạo tới các xã
  'directive.cancel', // thu hồi văn bản chỉ đạo
  'directive.read', // xem văn bản chỉ đạo và tình hình thực hiện
  'directive.acknowledge', // xác nhận đã nhận văn bản chỉ đạo
  'directive.assign', // giao xử lý văn bản chỉ đạo
  'directive.report', // báo cáo kết quả thực hiện văn bản chỉ đạo
  'directive.review', // tỉnh chấp nhận hoặc trả lại báo cáo của xã
  'asset.manage', // đăng ký, cập nhật tài sản công; báo cáo nhu cầu cơ sở vật chất
  'asset.read', // xem danh sách tài sản công và nhu cầu cơ sở vật chất
  'report.read', // báo cáo định kỳ lập từ dữ liệu: kết quả giải quyết TTHC, hộ tịch, hồ sơ quá hạn
  'staffing.read', // nhân sự: công chức theo lĩnh vực, khối lượng hồ sơ, xếp hạng xã theo hồ sơ/công chức
  'staffing.manage', // gán lĩnh vực cho công chức (tại hệ thống cấp tỉnh)
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
const assignedHere: Condition = (a, s) =>
  a.unitCode === s.unitCode && s.assigneeId !== undefined && s.assigneeId === a.id;

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
    // The calendar is reference data owned by the hub (DESIGN §3.2): imported at the province
    // itself, never at a commune, so that it has one writer and reaches communes by sync.
    action: 'calendar.import',
    who: ['province_admin'],
    when: (a, s) => sameProvince(a, s) && s.unitCode === s.provinceCode,
    says: 'a province administrator imports the working calendar for the province (at the province hub)',
  },
  {
    // The procedure catalogue is the hub's too: one writer, copied to the communes by sync.
    action: 'catalogue.import',
    who: ['province_admin'],
    when: (a, s) => sameProvince(a, s) && s.unitCode === s.provinceCode,
    says: 'a province administrator imports the procedure catalogue of the province (at the province hub)',
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

  // The one-stop desk. A dossier is written only by the unit that holds it (DESIGN §3.2), so
  // every write rule asks for the actor's own unit; the lifecycle table in dossiers.ts says
  // from which statuses each step may be taken.
  {
    action: 'dossier.intake',
    who: ['receiving_officer'],
    when: (a, s) => sameUnit(a, s) && sameProvince(a, s),
    says: 'a receiving officer takes in dossiers at their own desk for any competent unit of the province',
  },
  {
    action: 'dossier.read',
    who: officers,
    when: sameUnit,
    says: 'an officer reads the dossiers their unit holds',
  },
  {
    action: 'dossier.read',
    who: 'authenticated',
    when: ownData,
    says: 'an applicant reads their own dossier',
  },
  {
    action: 'dossier.list',
    who: officers,
    when: sameUnit,
    says: 'an officer lists the dossiers their unit holds',
  },
  {
    action: 'dossier.accept',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer accepts an online submission at their desk',
  },
  {
    action: 'dossier.refuse',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer refuses an online submission at their desk, with the reason',
  },
  {
    action: 'dossier.assign',
    who: ['receiving_officer', 'leader'],
    when: sameUnit,
    says: 'a receiving officer or the leader of the unit assigns a dossier to a specialist',
  },
  {
    action: 'dossier.request_supplement',
    who: ['specialist'],
    when: assignedHere,
    says: 'the assigned specialist requests a supplement',
  },
  {
    action: 'dossier.resubmit',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer records the supplement handed in',
  },
  {
    action: 'dossier.request_payment',
    who: ['specialist'],
    when: assignedHere,
    says: 'the assigned specialist asks for a financial obligation to be met',
  },
  {
    action: 'dossier.request_payment',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer asks for the fee of a dossier at their desk',
  },
  {
    action: 'dossier.record_payment',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer records a payment in cash or by transfer',
  },
  {
    action: 'dossier.submit_for_approval',
    who: ['specialist'],
    when: assignedHere,
    says: 'the assigned specialist submits the result to the leader',
  },
  {
    action: 'dossier.approve',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the unit approves a result submitted to them',
  },
  {
    action: 'dossier.send_back',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the unit sends a submission back to the specialist',
  },
  {
    action: 'dossier.stop',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the unit stops the processing of a dossier, with the reason',
  },
  {
    action: 'dossier.withdraw',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer records the applicant withdrawing the dossier',
  },
  {
    action: 'dossier.return_result',
    who: ['receiving_officer'],
    when: sameUnit,
    says: 'a receiving officer returns the result and records to whom',
  },
  {
    action: 'dossier.extend',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the unit issues the apology and extension letter',
  },
  {
    action: 'dossier.extend',
    who: ['specialist'],
    when: assignedHere,
    says: 'the assigned specialist issues the apology and extension letter',
  },
  {
    action: 'dossier.rate',
    who: 'anyone',
    when: always,
    says: 'the applicant rates the service after the result is returned (the tracking code and ID number prove who they are)',
  },
  {
    action: 'dossier.track',
    who: 'anyone',
    when: always,
    says: 'anyone holding a dossier code and the applicant’s ID number may track it',
  },
  {
    action: 'dossier.submit_online',
    who: 'anyone',
    when: always,
    says: 'anyone may file a dossier online on the portal; a signed-in citizen files as themselves',
  },
  {
    action: 'dossier.assist',
    who: ['volunteer'],
    when: sameProvince,
    says: 'a volunteer helper files online on a citizen’s behalf, for any unit of their province, recording the citizen’s consent',
  },
  {
    action: 'tracking_book.read',
    who: officers,
    when: sameUnit,
    says: 'an officer reads the tracking book of their unit',
  },
  // Civil status (hộ tịch). The registers are the commune's: only its own officers write them.
  // The province's officers (Sở Tư pháp) read and search every commune's registers.
  {
    action: 'civil.register',
    who: ['receiving_officer', 'specialist'],
    when: sameUnit,
    says: 'a civil-status officer of the unit (at the desk or as specialist) registers births, deaths and marriages',
  },
  {
    action: 'civil.correct',
    who: ['specialist', 'leader'],
    when: sameUnit,
    says: 'a specialist or the leader of the unit that holds the record corrects or supplements it, with reason and legal basis',
  },
  {
    action: 'civil.read',
    who: officers,
    when: sameUnit,
    says: 'an officer reads the civil-status records of their own unit',
  },
  {
    action: 'civil.read',
    who: officers,
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'an officer of the province reads the civil-status records of any unit of the province',
  },
  {
    action: 'civil.search',
    who: officers,
    when: sameUnit,
    says: 'an officer searches the registers of their own unit',
  },
  {
    action: 'civil.search',
    who: officers,
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'an officer of the province searches the registers of the whole province',
  },
  {
    action: 'civil.copy',
    who: ['receiving_officer', 'specialist'],
    when: sameUnit,
    says: 'an officer of the unit that holds the record issues certified copies of its extract',
  },
  {
    action: 'civil.book_manage',
    who: ['specialist', 'leader'],
    when: sameUnit,
    says: 'a specialist or the leader opens, continues and closes the register books of their unit',
  },
  {
    action: 'civil.statistics',
    who: officers,
    when: sameUnit,
    says: 'an officer sees the civil-status figures of their own unit',
  },
  {
    action: 'civil.statistics',
    who: ['province_admin', ...officers],
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'the province sees the civil-status figures of every unit of the province',
  },
  {
    action: 'civil.verify',
    who: 'anyone',
    when: always,
    says: 'anyone may verify the QR code of a civil-status certificate',
  },
  {
    action: 'node.manage',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator enrols and revokes the nodes of the province and sees their sync health',
  },
  {
    action: 'dashboard.read',
    who: ['province_admin', 'service'],
    when: sameProvince,
    says: 'a province administrator or service account sees the province dashboard for the province or any of its units',
  },
  {
    action: 'dashboard.read',
    who: officers,
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'an officer of the province (not of a commune) sees the province dashboard for the province or any of its units',
  },
  // Directives (văn bản chỉ đạo): the province's, written at the hub; each commune's response
  // is its own, written at its node (also offline).
  {
    action: 'directive.issue',
    who: ['province_admin', 'leader', 'service'],
    when: (a, s) =>
      sameProvince(a, s) && a.unitCode === a.provinceCode && s.unitCode === s.provinceCode,
    says: 'a leader or the administrator of the province, or its document system’s service account, issues directives to its communes (at the province hub)',
  },
  {
    action: 'directive.cancel',
    who: ['province_admin', 'leader', 'service'],
    when: (a, s) =>
      sameProvince(a, s) && a.unitCode === a.provinceCode && s.unitCode === s.provinceCode,
    says: 'a leader or the administrator of the province, or its document system’s service account, withdraws a directive of the province',
  },
  {
    action: 'directive.review',
    who: ['province_admin', 'leader', 'service'],
    when: (a, s) =>
      sameProvince(a, s) && a.unitCode === a.provinceCode && s.unitCode === s.provinceCode,
    says: 'a leader or the administrator of the province accepts a commune’s report on a directive or returns it to be done again (at the province hub)',
  },
  {
    action: 'directive.read',
    who: ['province_admin', 'service', ...officers],
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'the province’s administrator, officers and service accounts read every directive of the province and every commune’s response',
  },
  {
    action: 'directive.read',
    who: officers,
    when: sameUnit,
    says: 'an officer of a commune reads the directives addressed to the commune',
  },
  {
    action: 'directive.acknowledge',
    who: officers,
    when: sameUnit,
    says: 'an officer of the commune acknowledges a directive addressed to it',
  },
  {
    action: 'directive.assign',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the commune assigns a directive to an officer of the commune',
  },
  {
    action: 'directive.report',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of the commune reports a directive done',
  },
  {
    action: 'directive.report',
    who: ['receiving_officer', 'specialist'],
    when: assignedHere,
    says: 'the officer a directive is assigned to reports it done',
  },
  // Public assets (tài sản công): an asset is written by the unit that manages it, at its own
  // node (a commune offline too; the province at the hub for what it manages, such as a
  // former district headquarters). The province reads every unit's register.
  {
    action: 'asset.manage',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of a unit registers and updates the assets the unit manages, and reports and settles its facility needs',
  },
  {
    action: 'asset.manage',
    who: ['province_admin'],
    when: (a, s) => sameProvince(a, s) && s.unitCode === s.provinceCode,
    says: 'a province administrator registers and updates the assets the province itself manages (at the province hub)',
  },
  {
    action: 'asset.read',
    who: officers,
    when: sameUnit,
    says: 'an officer reads the asset register and facility needs of their own unit',
  },
  {
    action: 'asset.read',
    who: ['province_admin', ...officers],
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'the province’s administrator and officers read the asset registers and facility needs of every unit of the province',
  },
  // Reports (báo cáo định kỳ): a commune's officers report for their own unit; the province
  // (its administrator and its own officers) reads any unit of the province and its total.
  {
    action: 'report.read',
    who: officers,
    when: sameUnit,
    says: 'an officer reads the reports of their own unit',
  },
  {
    action: 'report.read',
    who: ['province_admin', ...officers],
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'the province reads the reports of every unit of the province, and the province total',
  },
  // Staffing (nhân sự): officers' names and workload are personal data. The leader of a unit
  // sees their own officers; the province sees every commune and ranks them. An officer's
  // field is part of the account, which the hub owns: set there, by the administrator.
  {
    action: 'staffing.read',
    who: ['leader'],
    when: sameUnit,
    says: 'the leader of a unit sees its officers, their fields and their workload',
  },
  {
    action: 'staffing.read',
    who: ['province_admin', ...officers],
    when: (a, s) => sameProvince(a, s) && a.unitCode === a.provinceCode,
    says: 'the province’s administrator and officers see the staffing of every commune of the province and their ranking',
  },
  {
    action: 'staffing.manage',
    who: ['province_admin'],
    when: sameProvince,
    says: 'a province administrator sets the field of an officer of any unit of the province (at the province hub)',
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

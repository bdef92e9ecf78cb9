// A month of a commune desk's work for the demo: a few hundred dossiers received over the
// past working days, each taken through the real use cases to a status that fits its age —
// most returned, some still being processed, some waiting for a supplement or a fee, a few
// refused, withdrawn or stopped, a few overdue — so the queues look like a working day. About
// a third are filed online (paid by transfer), and some applicants rate the service, so that
// the province dashboard's indicators have something to measure. Deterministic (a seeded
// generator), so two demo starts look alike.
import type { Services } from '../application/services.js';
import {
  intakeAtCounter,
  rateDossier,
  submitOnline,
  transitionDossier,
  type IntakeInput,
} from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import type { Actor } from '../domain/permissions.js';
import type { Role } from '../domain/roles.js';
import { vietnamDate } from '../domain/dossiers.js';

/** Mulberry32: a small, good enough generator for demo data. */
export function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const familyNames = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const middleMale = ['Văn', 'Hữu', 'Đức', 'Quốc', 'Minh', 'Thanh', 'Công'];
const middleFemale = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng'];
const givenMale = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Khang',
  'Long',
  'Nam',
  'Phúc',
  'Quang',
  'Sơn',
  'Tâm',
  'Thắng',
  'Trung',
  'Vinh',
];
const givenFemale = [
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Ngân',
  'Nhung',
  'Phương',
  'Thảo',
  'Trang',
  'Yến',
];
const streets = [
  'Lê Duẩn',
  'Trần Phú',
  'Bạch Đằng',
  'Hùng Vương',
  'Phan Châu Trinh',
  'Nguyễn Văn Linh',
  'Ông Ích Khiêm',
  'Hoàng Diệu',
];

/** The procedures a commune desk sees most, with how often, and what each asks for. */
const mix: {
  code: string;
  weight: number;
  components: IntakeInput['components'];
  copies?: number;
  exemptions?: string[];
}[] = [
  {
    code: '1.001193',
    weight: 22,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_chung_sinh', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '1.000656',
    weight: 8,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_bao_tu', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '1.000894',
    weight: 6,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than_hai_ben', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '2.000815',
    weight: 24,
    copies: 3,
    components: [{ code: 'ban_chinh', provided: true, reusedFromData: false, attachments: [] }],
  },
  {
    code: '2.000884',
    weight: 10,
    components: [
      { code: 'giay_to_can_chung_thuc', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: true, reusedFromData: false, attachments: [] },
    ],
  },
  {
    code: '2.000635',
    weight: 8,
    copies: 2,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '1.004873',
    weight: 8,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '1.004194',
    weight: 8,
    components: [
      { code: 'to_khai_ct01', provided: true, reusedFromData: false, attachments: [] },
      { code: 'cho_o_hop_phap', provided: false, reusedFromData: true, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
  {
    code: '1.004859',
    weight: 6,
    components: [
      { code: 'to_khai', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_can_cu', provided: true, reusedFromData: false, attachments: [] },
      { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
    ],
  },
];

export interface DemoDeskActors {
  readonly receiving: Actor;
  readonly specialists: readonly (Actor & { readonly name: string })[];
  readonly leader: Actor;
}

/** Sets the clock the seeding runs on; the storage and the services must read this clock. */
export interface DemoClock {
  set(at: Date): void;
}

/**
 * Seeds `perDay` intakes on each of the `days` working days before `today` (Vietnam dates),
 * and moves each along. Returns how many dossiers were created.
 */
export async function seedDemoDossiers(
  services: Services,
  clock: DemoClock,
  actors: DemoDeskActors,
  options: { today: Date; days: number; perDay: number; seed: number },
): Promise<number> {
  const random = generator(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const totalWeight = mix.reduce((s, m) => s + m.weight, 0);
  const pickProcedure = () => {
    let r = random() * totalWeight;
    for (const m of mix) if ((r -= m.weight) < 0) return m;
    return pick(mix);
  };
  const meta = { ip: null };
  const unit = services.node.unitCode;
  const otherCommune = unit === '20242' ? '20308' : '20242';

  // Working days before today, oldest first.
  const days: string[] = [];
  for (let d = new Date(options.today.getTime()); days.length < options.days;) {
    d = new Date(d.getTime() - 86_400_000);
    const local = vietnamDate(d);
    const weekday = new Date(`${local}T12:00:00+07:00`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.unshift(local);
  }
  const at = (day: string, minutes: number) =>
    new Date(new Date(`${day}T07:30:00+07:00`).getTime() + minutes * 60_000);
  const run = <T>(actor: Actor | null, when: Date, fn: Parameters<typeof runUseCase<T>>[3]) => {
    clock.set(when);
    return runUseCase(services, actor, meta, fn);
  };

  /** An online filing (channel 2) at `filedAt`, accepted at the desk at `acceptedAt`. */
  const receiveOnline = async (input: IntakeInput, filedAt: Date, acceptedAt: Date) => {
    const filed = await run(null, filedAt, (uc) =>
      submitOnline(uc, {
        procedureCode: input.procedureCode,
        competentUnitCode: input.competentUnitCode,
        applicant: input.applicant,
        components: input.components,
        exemptions: [],
        copies: input.copies,
        resultDelivery: input.resultDelivery,
        note: 'Nộp qua Cổng Dịch vụ công quốc gia',
      }),
    );
    return run(actors.receiving, acceptedAt, (uc) =>
      transitionDossier(uc, filed.id, 'accept', { note: '' }),
    );
  };

  let created = 0;
  for (const [dayIndex, day] of days.entries()) {
    const age = days.length - dayIndex; // working days ago
    for (let i = 0; i < options.perDay; i++) {
      const male = random() < 0.5;
      const birthYear = 1950 + Math.floor(random() * 55);
      const month = 1 + Math.floor(random() * 12);
      const dom = 1 + Math.floor(random() * 28);
      const sexDigit = (birthYear >= 2000 ? 2 : 0) + (male ? 0 : 1);
      const citizenId = `${pick(['048', '048', '048', '049', '051', '046'])}${sexDigit}${String(birthYear % 100).padStart(2, '0')}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
      const fullName = `${pick(familyNames)} ${pick(male ? middleMale : middleFemale)} ${pick(male ? givenMale : givenFemale)}`;
      const procedure = pickProcedure();
      const minute = Math.floor(random() * 420) + (random() < 0.5 ? 0 : 0);
      const receivedAt = at(day, minute < 240 ? minute : minute + 120);
      // Residence registration (1.004194) is not received across boundaries; the others are.
      // Only in the last days: the other commune takes them over but the demo does not work
      // them there, and a month of untouched transfers would all be overdue.
      const nonTerritorial = procedure.code !== '1.004194' && age <= 1 && random() < 0.15;
      const refuse = random() < 0.03;
      // Filed on the portal (not chứng thực chữ ký, which needs the signer in person), the
      // evening before or early that morning, and accepted by the desk at `receivedAt`.
      const filedOnline =
        !nonTerritorial && !refuse && procedure.code !== '2.000884' && random() < 0.35;
      const input: IntakeInput = {
        procedureCode: procedure.code,
        competentUnitCode: nonTerritorial ? otherCommune : unit,
        applicant: {
          fullName,
          citizenId,
          dateOfBirth: `${birthYear}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`,
          sex: male ? 'male' : 'female',
          phone: `09${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
          address: `${1 + Math.floor(random() * 200)} ${pick(streets)}, ${services.node.unitName}`,
        },
        components: procedure.components,
        exemptions: procedure.exemptions ?? [],
        late: false,
        copies: procedure.copies ?? 0,
        resultDelivery: 'receiving_unit',
        note: '',
        ...(random() < 0.8
          ? {
              payment: {
                method: random() < 0.7 ? 'cash' : 'bank_transfer',
                reference: `BL-${day.replaceAll('-', '')}-${i + 1}`,
              },
            }
          : {}),
        ...(refuse
          ? {
              refusal: {
                reason:
                  'Hồ sơ không thuộc thẩm quyền giải quyết; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.',
              },
            }
          : {}),
      };
      const dossier = filedOnline
        ? await receiveOnline(
            input,
            new Date(receivedAt.getTime() - (30 + Math.floor(random() * 600)) * 60_000),
            receivedAt,
          )
        : await run(actors.receiving, receivedAt, (uc) => intakeAtCounter(uc, input));
      created += 1;
      if (refuse || nonTerritorial) continue;
      let t = receivedAt.getTime();
      const later = (minutes: number) => new Date((t += minutes * 60_000));
      const step = async (
        actor: Actor,
        action: Parameters<typeof transitionDossier>[2],
        body: unknown,
        minutes: number,
      ) =>
        run(actor, later(minutes), (uc) =>
          transitionDossier(uc, dossier.id, action, body as never),
        );

      if (dossier.status === 'awaiting_payment') {
        if (age <= 1 && random() < 0.5) continue; // still waiting for the fee
        await step(
          actors.receiving,
          'record_payment',
          { method: filedOnline ? 'bank_transfer' : 'cash', reference: `BL-${dossier.code}` },
          20,
        );
      }
      const roll = random();
      // Left in the queues of the last days only while still within time: a same-day
      // procedure from yesterday still waiting would be overdue, and those are chosen below.
      const withinTime = (dossier.dueAt ?? '') > options.today.toISOString();
      if (age <= 1 && roll < 0.35 && withinTime) continue; // not assigned yet
      if (roll > 0.985) {
        await step(
          actors.receiving,
          'withdraw',
          { reason: 'Công dân xin rút hồ sơ để bổ sung thêm giấy tờ.' },
          30,
        );
        continue;
      }
      const specialist = pick(actors.specialists);
      await step(actors.receiving, 'assign', { assigneeId: specialist.id, note: '' }, 10);
      if (age <= 2 && roll < 0.6 && withinTime) continue; // being processed
      if (roll < 0.08) {
        await step(
          specialist,
          'request_supplement',
          {
            reason: 'Cần bổ sung bản chính giấy tờ tùy thân để đối chiếu.',
            missing: ['Bản chính căn cước của người yêu cầu'],
          },
          45,
        );
        if (age <= 4) continue; // still waiting for the supplement
        await step(actors.receiving, 'resubmit', { note: 'Công dân đã nộp bổ sung.' }, 60 * 24);
      }
      if (roll > 0.97) {
        await step(
          actors.leader,
          'stop',
          { reason: 'Hồ sơ có dấu hiệu giả mạo giấy tờ; chuyển cơ quan công an xác minh.' },
          90,
        );
        continue;
      }
      // A few run late: the specialist is still on them past the appointment.
      if (age >= 3 && roll > 0.92 && roll <= 0.97) {
        if (roll > 0.945)
          await step(
            actors.leader,
            'extend',
            {
              reason: 'Cần xác minh thông tin với cơ quan khác.',
              newDueDate: vietnamDate(
                new Date(Math.max(t, Date.parse(dossier.dueAt ?? '')) + 7 * 86_400_000),
              ),
            },
            60,
          );
        continue;
      }
      // Quick enough that a same-day procedure received before 15:00 is approved by 17:00.
      await step(
        specialist,
        'submit_for_approval',
        { note: 'Đủ điều kiện giải quyết.' },
        20 + Math.floor(random() * 40),
      );
      if (age <= 1 && roll < 0.75 && withinTime) continue; // waiting for the leader
      await step(actors.leader, 'approve', { note: '' }, 10 + Math.floor(random() * 30));
      if (age <= 1 && roll < 0.85) continue; // result ready, not collected yet
      const collectAfter =
        procedure.code === '1.001193' || procedure.code.startsWith('2.0008') ? 20 : 60 * 20;
      await step(
        actors.receiving,
        'return_result',
        { recipientName: fullName, relationship: 'người nộp hồ sơ', delivery: 'receiving_unit' },
        collectAfter,
      );
      // Some applicants rate the service on the tracking page; a few are dissatisfied.
      const rating = random();
      const ratedAt = new Date(t + (30 + Math.floor(random() * 240)) * 60_000);
      if (rating < 0.4 && ratedAt < options.today)
        await run(null, ratedAt, (uc) =>
          rateDossier(uc, {
            code: dossier.code,
            citizenId,
            rating: rating < 0.02 ? 'dissatisfied' : rating < 0.06 ? 'neutral' : 'satisfied',
            comment: '',
          }),
        );
    }
  }
  // Online submissions waiting for the desk this morning.
  for (let i = 0; i < 4; i++) {
    const procedure = pick(mix.slice(0, 3));
    await run(null, new Date(options.today.getTime() - (i + 1) * 3_600_000), (uc) =>
      submitOnline(uc, {
        procedureCode: procedure.code,
        competentUnitCode: unit,
        applicant: {
          fullName: `${pick(familyNames)} Thị ${pick(givenFemale)}`,
          citizenId: `0481${String(85 + i)}00${String(4321 + i)}`.slice(0, 12),
        },
        components: procedure.components,
        exemptions: [],
        copies: 0,
        resultDelivery: 'electronic',
        note: 'Nộp qua Cổng Dịch vụ công quốc gia',
      }),
    );
    created += 1;
  }
  return created;
}

export type { Role };

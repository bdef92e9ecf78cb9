// A month of a commune's civil-status registers for the demo: births (some late, some with the
// inter-linked residence and health-insurance requests), deaths and marriages, registered
// through the real use cases on the working days before today, most signed and returned; the
// birth book continues a paper book; one entry corrected. Deterministic (a seeded generator).
// Both communes also register the same child, so the hub flags the pair after sync.
import { registerCivil, registerInput, correctRecord } from '../application/civil-status.js';
import { transitionDossier } from '../application/dossiers.js';
import { openBook } from '../application/civil-status.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import { vietnamDate } from '../domain/dossiers.js';
import type { Actor } from '../domain/permissions.js';
import { generator, type DemoClock, type DemoDeskActors } from './demo-dossiers.js';

const families = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Phan',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
];
const boys = ['Minh Khang', 'Gia Bảo', 'Đức Anh', 'Hoàng Nam', 'Quốc Huy', 'Tuấn Kiệt', 'Văn Phúc'];
const girls = [
  'Ngọc Hân',
  'Bảo Ngọc',
  'Thảo Vy',
  'Khánh Linh',
  'Minh Châu',
  'Thu Trang',
  'Anh Thư',
];
const mothersGiven = ['Thị Lan', 'Thị Hương', 'Ngọc Mai', 'Thị Hạnh', 'Thu Hà', 'Thị Nhung'];
const fathersGiven = ['Văn Hùng', 'Minh Tuấn', 'Văn Sơn', 'Quốc Dũng', 'Đức Thắng', 'Văn Long'];
const elders = ['Văn Tư', 'Thị Bảy', 'Văn Sáu', 'Thị Tám', 'Văn Ba', 'Thị Hai'];

const pad = (n: number, size = 2) => String(n).padStart(size, '0');

/** A plausible ID number for someone born in `year` (domain-notes §4), Đà Nẵng prefix. */
function idFor(random: () => number, year: number, male: boolean): string {
  const sexDigit = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
  return `048${sexDigit}${pad(year % 100)}${pad(Math.floor(random() * 1e6), 6)}`;
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** Registers on the `days` working days before `today`; returns how many records were made. */
export async function seedDemoCivil(
  services: Services,
  clock: DemoClock,
  actors: DemoDeskActors,
  options: { today: Date; days: number; seed: number },
): Promise<number> {
  const random = generator(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const meta = { ip: null };
  const place = services.node.unitName;
  const run = <T>(actor: Actor, when: Date, fn: Parameters<typeof runUseCase<T>>[3]) => {
    clock.set(when);
    return runUseCase(services, actor, meta, fn);
  };
  const days: string[] = [];
  for (let d = new Date(options.today.getTime()); days.length < options.days;) {
    d = new Date(d.getTime() - 86_400_000);
    const local = vietnamDate(d);
    const weekday = new Date(`${local}T12:00:00+07:00`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.unshift(local);
  }
  const at = (day: string, minutes: number) =>
    new Date(new Date(`${day}T08:00:00+07:00`).getTime() + minutes * 60_000);
  const first = days[0] ?? vietnamDate(options.today);
  const specialist = actors.specialists[0] ?? actors.receiving;

  // The commune moved from its paper birth book this year: numbering continues from it.
  const paperLast = 40 + Math.floor(random() * 80);
  await run(specialist, at(first, 0), (uc) =>
    openBook(uc, {
      kind: 'birth',
      year: Number(first.slice(0, 4)),
      bookNo: 1,
      firstNumber: paperLast + 1,
      note: `Tiếp theo sổ giấy Quyển số 01/${first.slice(0, 4)}, đã ghi đến số ${paperLast}.`,
    }),
  );

  let created = 0;
  const register = async (day: string, minute: number, body: unknown, sign: boolean) => {
    const registration = await run(actors.receiving, at(day, minute), (uc) =>
      registerCivil(uc, registerInput.parse(body)),
    );
    created += 1;
    if (sign) {
      const when = at(day, minute + 40);
      await run(actors.leader, when, (uc) =>
        transitionDossier(uc, registration.dossier.id, 'approve', { note: '' }),
      );
      await run(actors.receiving, new Date(when.getTime() + 20 * 60_000), (uc) =>
        transitionDossier(uc, registration.dossier.id, 'return_result', {
          recipientName: registration.dossier.applicant.fullName,
          relationship: 'người đi đăng ký',
          delivery: 'receiving_unit',
        }),
      );
    }
    return registration;
  };

  const birth = (
    day: string,
    ageDays: number,
    name?: { child: string; mother: string; male: boolean },
  ) => {
    const family = pick(families);
    const male = name?.male ?? random() < 0.5;
    const motherYear = 1988 + Math.floor(random() * 12);
    const fatherYear = motherYear - Math.floor(random() * 5);
    const mother = name?.mother ?? `${pick(families)} ${pick(mothersGiven)}`;
    const motherId = idFor(random, motherYear, false);
    const late = ageDays > 60;
    return {
      kind: 'birth',
      facts: {
        child: {
          fullName: name?.child ?? `${family} ${pick(male ? boys : girls)}`,
          sex: male ? 'male' : 'female',
          dateOfBirth: daysBefore(day, ageDays),
          placeOfBirth: pick([
            'Bệnh viện Phụ sản - Nhi Đà Nẵng',
            'Bệnh viện Đa khoa Đà Nẵng',
            `Trạm Y tế ${place}`,
          ]),
          hometown: pick(['Đà Nẵng', 'Quảng Nam', 'Quảng Ngãi', 'Thừa Thiên Huế']),
        },
        mother: {
          fullName: mother,
          birthYear: motherYear,
          residence: `${1 + Math.floor(random() * 200)} Lê Duẩn, ${place}, thành phố Đà Nẵng`,
          citizenId: motherId,
        },
        father: {
          fullName: `${family} ${pick(fathersGiven)}`,
          birthYear: fatherYear,
          residence: `${1 + Math.floor(random() * 200)} Lê Duẩn, ${place}, thành phố Đà Nẵng`,
          citizenId: idFor(random, fatherYear, true),
        },
        evidence: 'birth_notice',
      },
      declarant: { fullName: mother, citizenId: motherId, relationship: 'mẹ' },
      phone: `09${pad(Math.floor(random() * 1e8), 8)}`,
      interlinked: random() < 0.4 ? ['permanent_residence', 'health_insurance_card'] : [],
      ...(late
        ? { payment: { method: 'cash', reference: `BL-KS-${day.replaceAll('-', '')}` } }
        : {}),
    };
  };

  for (const [index, day] of days.entries()) {
    const recent = index >= days.length - 1;
    const births = 1 + Math.floor(random() * 3);
    for (let i = 0; i < births; i++)
      await register(
        day,
        30 + i * 50,
        birth(
          day,
          random() < 0.12 ? 61 + Math.floor(random() * 200) : 3 + Math.floor(random() * 50),
        ),
        !recent,
      );
    if (random() < 0.4) {
      const male = random() < 0.5;
      const year = 1930 + Math.floor(random() * 40);
      const ageDays =
        random() < 0.1 ? 16 + Math.floor(random() * 30) : 1 + Math.floor(random() * 10);
      const died = daysBefore(day, ageDays);
      await register(
        day,
        200,
        {
          kind: 'death',
          facts: {
            deceased: {
              fullName: `${pick(families)} ${pick(elders)}`,
              sex: male ? 'male' : 'female',
              dateOfBirth: `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
              personalId: idFor(random, year, male),
              lastResidence: `${1 + Math.floor(random() * 200)} Trần Phú, ${place}, thành phố Đà Nẵng`,
            },
            dateOfDeath: died,
            timeOfDeath: `${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}`,
            placeOfDeath: random() < 0.6 ? 'Tại nhà' : 'Bệnh viện Đa khoa Đà Nẵng',
            cause: random() < 0.7 ? 'Già yếu' : 'Bệnh',
            deathNotice: {
              number: `${1 + Math.floor(random() * 300)}/GBT`,
              issuedOn: died,
              issuedBy: `Trạm Y tế ${place}`,
            },
          },
          declarant: {
            fullName: `${pick(families)} ${pick(fathersGiven)}`,
            citizenId: idFor(random, 1975, true),
            relationship: 'con',
          },
          interlinked: random() < 0.5 ? ['residence_deletion', 'funeral_allowance'] : [],
          ...(ageDays > 15
            ? { payment: { method: 'cash', reference: `BL-KT-${day.replaceAll('-', '')}` } }
            : {}),
        },
        !recent,
      );
    }
    if (random() < 0.3) {
      const hy = 1990 + Math.floor(random() * 10);
      const wy = hy + Math.floor(random() * 5);
      const family = pick(families);
      await register(
        day,
        260,
        {
          kind: 'marriage',
          facts: {
            husband: {
              fullName: `${family} ${pick(fathersGiven)}`,
              dateOfBirth: `${hy}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
              residence: `${place}, thành phố Đà Nẵng`,
              citizenId: idFor(random, hy, true),
            },
            wife: {
              fullName: `${pick(families)} ${pick(mothersGiven)}`,
              dateOfBirth: `${wy}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
              residence: `${place}, thành phố Đà Nẵng`,
              citizenId: idFor(random, wy, false),
            },
            presence: { husband: true, wife: true },
          },
        },
        !recent,
      );
    }
  }

  // The same child registered at both communes on the last day (the hub flags the pair), and
  // one entry corrected with its legal basis.
  const last = days.at(-1) ?? first;
  const same = await register(
    last,
    400,
    birth(last, 5, { child: 'Trần Gia Hân', mother: 'Lê Thị Thu Hiền', male: false }),
    false,
  );
  await run(specialist, at(last, 430), (uc) =>
    correctRecord(uc, same.record.id, {
      type: 'correction',
      changes: [{ path: 'child.hometown', to: 'Hội An, Quảng Nam' }],
      reason: 'Ghi sai quê quán theo lời khai của người đi đăng ký.',
      legalBasis: 'Điều 7 Nghị định số 123/2015/NĐ-CP',
    }),
  );
  return created;
}

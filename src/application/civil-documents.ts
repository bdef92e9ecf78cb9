// The civil-status papers a unit prints from its registers (documents/civil-certificates.ts):
// Giấy khai sinh, Trích lục khai tử, Giấy chứng nhận kết hôn (one original per spouse), and
// certified copies of the extract, each sealed with the unit's key when it can (seal.ts).
// Printing needs no network: the record, the keys and the fonts are all on the node.
import {
  renderBirthCertificate,
  renderCertifiedCopy,
  renderDeathExtract,
  renderMarriageCertificate,
} from '../documents/civil-certificates.js';
import type { CivilPaper, CivilRecord as PaperRecord } from '../documents/civil-types.js';
import type { Issuer } from '../documents/types.js';
import type { CivilRecord, Declarant } from '../domain/civil-status.js';
import { formatBook } from '../domain/civil-status.js';
import { recordAudit } from './audit.js';
import { issueCopies, type CopiesInput } from './civil-status.js';
import { inSentence, placeName } from './desk-documents.js';
import { AppError } from './errors.js';
import { sealRecord } from './seal.js';
import type { NodeIdentity, Services } from './services.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

/** The registering body: the commune's People's Committee. */
export function civilIssuerOf(
  node: NodeIdentity,
  provinceName: string,
): Issuer & {
  readonly registryName: string;
} {
  return {
    name: `Ủy ban nhân dân\n${inSentence(node.unitName)}`,
    fullName: `Ủy ban nhân dân ${inSentence(node.unitName)}`,
    placeName: placeName(node.unitName),
    registryName: `Ủy ban nhân dân ${inSentence(node.unitName)}, ${inSentence(provinceName)}`,
  };
}

function idDocument(d: Declarant | null): string {
  return d === null ? '' : `Số định danh cá nhân ${d.citizenId}`;
}

/** The record's facts as the papers print them. */
export function paperRecordOf(record: CivilRecord): PaperRecord {
  switch (record.kind) {
    case 'birth': {
      const f = record.facts;
      const parent = (p: typeof f.mother) =>
        p === null
          ? undefined
          : {
              fullName: p.fullName,
              birthYear: p.birthYear,
              ethnicity: p.ethnicity,
              nationality: p.nationality,
              residence: p.residence,
            };
      const mother = parent(f.mother);
      const father = parent(f.father);
      return {
        kind: 'birth',
        facts: {
          child: {
            fullName: f.child.fullName,
            dateOfBirth: f.child.dateOfBirth,
            sex: f.child.sex,
            ethnicity: f.child.ethnicity,
            nationality: f.child.nationality,
            placeOfBirth: f.child.placeOfBirth,
            hometown: f.child.hometown,
            ...(f.child.personalId === null ? {} : { citizenId: f.child.personalId }),
          },
          ...(mother === undefined ? {} : { mother }),
          ...(father === undefined ? {} : { father }),
          declarant: {
            fullName: record.declarant?.fullName ?? '',
            idDocument: idDocument(record.declarant),
          },
        },
      };
    }
    case 'death': {
      const f = record.facts;
      return {
        kind: 'death',
        facts: {
          deceased: {
            fullName: f.deceased.fullName,
            dateOfBirth: f.deceased.dateOfBirth,
            sex: f.deceased.sex,
            ethnicity: f.deceased.ethnicity,
            nationality: f.deceased.nationality,
            ...(f.deceased.personalId === null ? {} : { citizenId: f.deceased.personalId }),
            lastResidence: f.deceased.lastResidence,
          },
          died: {
            date: f.dateOfDeath,
            ...(f.timeOfDeath === null ? {} : { time: f.timeOfDeath }),
          },
          placeOfDeath: f.placeOfDeath,
          cause: f.cause,
          ...(f.deathNotice === null ? {} : { deathNotice: f.deathNotice }),
          declarant: {
            fullName: record.declarant?.fullName ?? '',
            idDocument: idDocument(record.declarant),
            relationship: record.declarant?.relationship ?? '',
          },
        },
      };
    }
    case 'marriage': {
      const spouse = (s: typeof record.facts.husband) => ({
        fullName: s.fullName,
        dateOfBirth: s.dateOfBirth,
        ethnicity: s.ethnicity,
        nationality: s.nationality,
        residence: s.residence,
        citizenId: s.citizenId,
      });
      return {
        kind: 'marriage',
        facts: { husband: spouse(record.facts.husband), wife: spouse(record.facts.wife) },
      };
    }
  }
}

/** "Ghi chú": late registration, and each correction with its basis. */
function notesOf(record: CivilRecord): string[] {
  const notes: string[] = [];
  if (record.late)
    notes.push(record.kind === 'birth' ? 'Đăng ký khai sinh quá hạn.' : 'Đăng ký khai tử quá hạn.');
  for (const entry of record.history)
    if (entry.type === 'correction' || entry.type === 'supplement')
      notes.push(
        `${entry.type === 'correction' ? 'Cải chính' : 'Bổ sung'} ngày ${entry.at.slice(8, 10)}/${entry.at.slice(5, 7)}/${entry.at.slice(0, 4)}: ` +
          entry.summary
            .map((c) => `${c.path} “${String(c.from ?? '')}” → “${String(c.to ?? '')}”`)
            .join('; ') +
          ` (${entry.legalBasis ?? ''}).`,
      );
  return notes;
}

async function paperOf(uc: UseCase, record: CivilRecord, isCopy: boolean): Promise<CivilPaper> {
  const { services } = uc;
  const province = services.units.unit(services.node.provinceCode)?.name ?? '';
  const issuer = civilIssuerOf(services.node, province);
  const qrText = await sealRecord(uc, record, { isCopy });
  return {
    issuer,
    issuedAt: uc.now.toISOString(),
    registration: {
      number: record.number,
      book: formatBook(record.book.bookNo, record.book.year),
      registeredOn: record.registeredOn,
      placeName: issuer.registryName,
    },
    signer: { title: record.signer.title.toUpperCase(), name: record.signer.name },
    ...(record.officerName === '' ? {} : { officer: { name: record.officerName } }),
    notes: notesOf(record),
    ...(qrText === null ? {} : { verification: { qrText } }),
  };
}

async function heldRecord(uc: UseCase, id: string, action: 'civil.read' | 'civil.copy') {
  const row = await uc.tx.db
    .selectFrom('civil_records')
    .select(['unit_code', 'state'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('civil_record_not_found', { params: { id } });
  authorize(uc, action, subjectIn(uc.services, row.unit_code), { type: 'civil_record', id });
  return JSON.parse(row.state) as CivilRecord;
}

/** The certificate (bản chính) of a record, as a PDF. Printing is a read of personal data. */
export async function certificatePdf(uc: UseCase, id: string): Promise<Buffer> {
  const record = await heldRecord(uc, id, 'civil.read');
  const paper = await paperOf(uc, record, false);
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'civil.print',
    subjectType: 'civil_record',
    subjectId: id,
    outcome: 'ok',
  });
  const printed = paperRecordOf(record);
  switch (printed.kind) {
    case 'birth':
      return renderBirthCertificate({ ...paper, facts: printed.facts });
    case 'death':
      return renderDeathExtract({ ...paper, facts: printed.facts });
    case 'marriage':
      return renderMarriageCertificate({ ...paper, facts: printed.facts });
  }
}

/** Issues certified copies of the extract (recorded, with the fee) and prints them. */
export async function copiesPdf(
  uc: UseCase,
  id: string,
  input: CopiesInput,
): Promise<{ pdf: Buffer; feeVnd: number }> {
  await heldRecord(uc, id, 'civil.copy');
  const { record, feeVnd, perCopyVnd } = await issueCopies(uc, id, input);
  const paper = await paperOf(uc, record, true);
  const pdf = await renderCertifiedCopy({
    ...paper,
    ...paperRecordOf(record),
    copies: input.copies,
    feePerCopyVnd: perCopyVnd,
  });
  return { pdf, feeVnd };
}

export type { Services };

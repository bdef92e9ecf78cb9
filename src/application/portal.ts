// The citizen portal's reads (DESIGN §2: the hub serves it): the catalogue searched as people
// type, with or without diacritics; one procedure in plain terms; what a filing shows once
// sent, with its fee's VietQR code; and the token that lets the browser that filed come back to
// its filing and receipt without an account. Filing itself is submitOnline (dossiers.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDate, type DossierState } from '../domain/dossiers.js';
import type { OnlineLevel, ProcedureVersion } from '../domain/procedures.js';
import type { ProcessingTime } from '../domain/processing-time.js';
import { validateCitizenId } from '../domain/citizen-id.js';
import { buildVietQr } from '../domain/vietqr.js';
import type { Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { listProcedures, procedureVersion } from './catalogue.js';
import { renderDossierDocument } from './desk-documents.js';
import { timelineOf, type DossierView } from './dossiers.js';
import { citizenIdProblems } from './citizen-id-problems.js';
import { AppError, type FieldProblem } from './errors.js';
import type { Services } from './services.js';
import { authorize, type UseCase } from './use-case.js';

/** What a search result says about the fee, before any exemption or copy. */
export type FeeSummary =
  | { readonly kind: 'none' }
  /** Only a late registration pays (birth, death): free on time. */
  | { readonly kind: 'free_on_time' }
  | { readonly kind: 'amount'; readonly amountVnd: number };

export function feeSummary(v: Pick<ProcedureVersion, 'fees'>): FeeSummary {
  const base = v.fees
    .filter((f) => f.basis === 'per_dossier')
    .reduce((sum, f) => sum + f.amountVnd, 0);
  if (base > 0) return { kind: 'amount', amountVnd: base };
  return v.fees.some((f) => f.basis === 'late_registration' && f.amountVnd > 0)
    ? { kind: 'free_on_time' }
    : { kind: 'none' };
}

export interface CatalogueHit {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly level: ProcedureVersion['level'];
  readonly processingTime: ProcessingTime;
  readonly online: OnlineLevel;
  readonly fee: FeeSummary;
}

/** Results shown on one page: a province publishes about two thousand procedures. */
export const CATALOGUE_PAGE = 50;

/**
 * The procedures in force on `localDate` whose code or name (Vietnamese or English) holds
 * every word typed, compared without diacritics ("khai sinh" finds "Thủ tục đăng ký khai
 * sinh"): online ones first, then by code. Public reference data: no audit.
 */
export async function searchCatalogue(
  db: Kysely<Database>,
  q: string,
  localDate: string,
): Promise<{ readonly total: number; readonly hits: readonly CatalogueHit[] }> {
  const found = await listProcedures(db, { q: q.slice(0, 200), date: localDate });
  const rank: Record<OnlineLevel, number> = { full: 0, partial: 1, none: 2 };
  const hits = found
    .map((v): CatalogueHit => ({
      code: v.code,
      nameVi: v.nameVi,
      nameEn: v.nameEn,
      level: v.level,
      processingTime: v.processingTime,
      online: v.channels.online,
      fee: feeSummary(v),
    }))
    .sort((a, b) => rank[a.online] - rank[b.online] || a.code.localeCompare(b.code));
  return { total: hits.length, hits: hits.slice(0, CATALOGUE_PAGE) };
}

/** The version of a procedure in force on `localDate`, with everything the citizen reads. */
export function portalProcedure(
  db: Kysely<Database>,
  code: string,
  localDate: string,
): Promise<ProcedureVersion | undefined> {
  return procedureVersion(db, code, localDate);
}

/**
 * The capability that opens a filing's page and receipt: an HMAC of its code under the node's
 * secret. Only the browser that filed gets it (in the redirect after filing); anyone else
 * tracks with the code and the applicant's ID number, as at the desk.
 */
export function filingToken(secret: string, code: string): string {
  return createHmac('sha256', secret).update(`portal-filing:${code}`).digest('hex').slice(0, 32);
}

export function filingTokenMatches(secret: string, code: string, token: string): boolean {
  const expected = Buffer.from(filingToken(secret, code));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface FeePayment {
  readonly amountVnd: number;
  /** The VietQR string the receipt prints too: amount and dossier code filled in. */
  readonly payload: string;
  readonly bankName: string;
  readonly accountNumber: string;
  readonly accountName: string;
}

export interface FilingView {
  readonly dossier: DossierState;
  /** Set when a fee is due and this node's unit takes transfers. */
  readonly payment: FeePayment | null;
}

/**
 * The fee still due on a dossier, as the VietQR code of the unit that issues the receipt
 * (the receiving unit, here), or null when nothing is due or the unit takes cash only.
 */
export function feePayment(services: Services, dossier: DossierState): FeePayment | null {
  const bank = services.node.profile.bankTransfer;
  const due = dossier.fee.totalVnd - dossier.payments.reduce((s, p) => s + p.amountVnd, 0);
  if (bank === null || due <= 0 || dossier.payments.length > 0) return null;
  const built = buildVietQr({
    bin: bank.bin,
    accountNumber: bank.accountNumber,
    amount: due,
    purpose: dossier.code,
  });
  if (!built.ok) return null;
  return {
    amountVnd: due,
    payload: built.payload,
    bankName: bank.bankName,
    accountNumber: bank.accountNumber,
    accountName: bank.accountName,
  };
}

async function filingByCode(uc: UseCase, code: string): Promise<DossierState> {
  authorize(
    uc,
    'dossier.track',
    { unitCode: uc.services.node.unitCode, provinceCode: uc.services.node.provinceCode },
    { type: 'dossier', id: null },
  );
  const row = await uc.tx.db
    .selectFrom('dossiers')
    .select(['id', 'state'])
    .where('code', '=', code)
    .where('receiving_unit_code', '=', uc.services.node.unitCode)
    .where('channel', '=', 'online')
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found');
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dossier.track',
    subjectType: 'dossier',
    subjectId: row.id,
    outcome: 'ok',
  });
  return JSON.parse(row.state) as DossierState;
}

/** A filing made here, for the page the filer lands on (the caller checked the token). */
export async function readFiling(uc: UseCase, code: string): Promise<FilingView> {
  const dossier = await filingByCode(uc, code);
  return { dossier, payment: feePayment(uc.services, dossier) };
}

/**
 * A filing made here with its history, to print its receipt (01) from once the transaction is
 * over (the caller checked the token).
 */
export async function filingWithHistory(uc: UseCase, code: string): Promise<DossierView> {
  const dossier = await filingByCode(uc, code);
  return {
    dossier,
    overdue: false,
    timeline: await timelineOf(uc, dossier.id),
    possibleDuplicates: [],
  };
}

/** The receipt (01) of a filing, as the desk prints it (outside any transaction). */
export async function filingReceipt(services: Services, view: DossierView): Promise<Buffer> {
  const pdf = await renderDossierDocument(services, view, '01', 'Dịch vụ công trực tuyến');
  if (pdf === null) throw new AppError('not_found');
  return pdf;
}

/**
 * The applicant's ID number checked alone, for a form whose other fields already failed the
 * schema: the filer then hears of every mistake at once, not one round after another.
 */
export function applicantIdProblems(services: Services, citizenId: string): FieldProblem[] {
  if (citizenId.trim() === '') return [];
  const check = validateCitizenId(
    citizenId.trim(),
    { today: vietnamDate(services.clock()) },
    services.cccdPrefixes,
  );
  return check.ok ? [] : citizenIdProblems(check.problems, 'applicant.');
}

/** Today in Vietnam, for the catalogue's version in force. */
export function portalToday(services: Services): string {
  return vietnamDate(services.clock());
}

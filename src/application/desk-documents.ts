// The desk's documents (Circular 03/2025/TT-VPCP set) filled from a dossier and its history:
// this module maps the dossier onto the plain data each document is printed from.
import { renderApologyExtension } from '../documents/apology-extension.js';
import { renderIntakeRefusal } from '../documents/intake-refusal.js';
import { renderProcessControlSlip } from '../documents/process-control-slip.js';
import { renderReceipt } from '../documents/receipt.js';
import { renderStopNotice } from '../documents/stop-notice.js';
import { renderSupplementRequest } from '../documents/supplement-request.js';
import { renderTrackingBook, trackingBookCsv as bookCsv } from '../documents/tracking-book.js';
import type {
  DossierComponent,
  DossierSummary,
  HistoryEntry,
  Issuer,
  Signer,
  TrackingBookData,
} from '../documents/types.js';
import type { DossierState } from '../domain/dossiers.js';
import { isMessageKey, translate } from '../i18n/messages.js';
import type { DossierView, TimelineEntry } from './dossiers.js';
import type { NodeIdentity, Services } from './services.js';
import type { TrackingBookRow } from './tracking-book.js';

export type DeskDocument = '01' | '02' | '03' | '04' | '05' | '06';

/** "Phường Hải Châu" → "Hải Châu": the place on the date line. */
export function placeName(unitName: string): string {
  return unitName.replace(/^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+/u, '');
}

/** "Phường Hải Châu" → "phường Hải Châu", as it reads inside a sentence. */
export function inSentence(unitName: string): string {
  return unitName.charAt(0).toLowerCase() + unitName.slice(1);
}

export function issuerOf(node: NodeIdentity): Issuer {
  return {
    parentName: `UBND ${inSentence(node.unitName)}`,
    name: 'Trung tâm Phục vụ\nhành chính công',
    fullName: `Trung tâm Phục vụ hành chính công ${inSentence(node.unitName)}`,
    placeName: placeName(node.unitName),
    ...(node.profile.phone === null ? {} : { phone: node.profile.phone }),
  };
}

function summaryOf(d: DossierState, now: string): DossierSummary {
  return {
    code: d.code,
    procedure: { code: d.procedureCode, name: d.procedureName },
    applicant: {
      fullName: d.applicant.fullName,
      ...(d.applicant.sex === null
        ? {}
        : { honorific: d.applicant.sex === 'male' ? ('Ông' as const) : ('Bà' as const) }),
      citizenId: d.applicant.citizenId,
      ...(d.applicant.address === null ? {} : { address: d.applicant.address }),
      ...(d.applicant.phone === null ? {} : { phone: d.applicant.phone }),
      ...(d.applicant.email === null ? {} : { email: d.applicant.email }),
    },
    receivedAt: d.receivedAt ?? d.submittedAt ?? now,
    dueAt: d.dueAt ?? now,
  };
}

function componentsOf(d: DossierState): DossierComponent[] {
  return d.components.map((c) => ({
    name: c.name,
    form: c.reusedFromData
      ? 'from_data'
      : c.attachments.length > 0 && !c.provided
        ? 'electronic'
        : 'original',
    copies: 1,
    received: c.provided || c.reusedFromData,
  }));
}

function stepName(type: string): string {
  const key = `dossierEvent.${type.replace(/^dossier\./, '')}`;
  return isMessageKey(key) ? translate('vi', key as 'dossierEvent.received') : type;
}

function historyOf(view: DossierView, node: NodeIdentity): HistoryEntry[] {
  const desk = 'Bộ phận Một cửa';
  const entries = view.timeline;
  return entries.map((e: TimelineEntry, i) => {
    const next = entries[i + 1];
    const payload = (e.payload ?? {}) as Record<string, unknown>;
    const to =
      typeof payload['assigneeName'] === 'string'
        ? payload['assigneeName']
        : (next?.actorName ??
          (e.type === 'dossier.result_returned' ? view.dossier.applicant.fullName : node.unitName));
    const note = [payload['reason'], payload['note']]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .join('; ');
    return {
      step: stepName(e.type),
      from: e.actorName === null ? desk : `${desk} — ${e.actorName}`,
      to,
      receivedAt: e.at,
      ...(e.type === 'dossier.assigned' && view.dossier.dueAt !== null
        ? { dueAt: view.dossier.dueAt }
        : {}),
      ...(next === undefined ? {} : { doneAt: next.at }),
      ...(note === '' ? {} : { note }),
    };
  });
}

function lastEvent(view: DossierView, type: string): TimelineEntry | undefined {
  return [...view.timeline].reverse().find((e) => e.type === type);
}

function signerFor(node: NodeIdentity, name: string | null): Signer {
  return { title: node.profile.signerTitle, name: name ?? '' };
}

/** Renders one of the desk's documents for a dossier, or null when the dossier has none of that kind. */
export async function renderDossierDocument(
  services: Services,
  view: DossierView,
  document: DeskDocument,
  officerName: string,
): Promise<Buffer | null> {
  const node = services.node;
  const d = view.dossier;
  const now = services.clock().toISOString();
  const issuer = issuerOf(node);
  const dossier = summaryOf(d, now);
  switch (document) {
    case '01': {
      // An online filing not yet accepted gets its receipt too (what the portal hands out).
      const filedAt = d.receivedAt ?? (d.status === 'submitted_online' ? d.submittedAt : null);
      if (filedAt === null || d.status === 'refused') return null;
      const received = view.timeline.find(
        (e) => e.type === 'dossier.received' || e.type === 'dossier.accepted',
      );
      const procedure = await services.desk.procedureInForce(
        services.storage.db,
        d.procedureCode,
        filedAt.slice(0, 10),
      );
      const awaitingAcceptance = d.receivedAt === null;
      const dueIfAccepted =
        awaitingAcceptance && procedure !== undefined
          ? (
              await services.desk.deadline(services.storage.db, {
                provinceCode: node.provinceCode,
                processingTime: procedure.processingTime,
                receivedAt: filedAt,
                pauses: [],
                now: filedAt,
              })
            ).dueAt
          : null;
      return renderReceipt({
        issuer,
        issuedAt: filedAt,
        dossier: dueIfAccepted === null ? dossier : { ...dossier, dueAt: dueIfAccepted },
        ...(awaitingAcceptance ? { awaitingAcceptance } : {}),
        components: componentsOf(d),
        sets: 1,
        processingTime: procedure?.processingTime ?? { value: 0, unit: 'same_day' },
        resultDelivery: translate('vi', `delivery.${d.resultDelivery}`),
        fees: d.fee.lines.map((l) => ({
          name: l.name,
          amountVnd: l.amountVnd,
          ...(l.exemptBy === null ? {} : { exemptBy: l.exemptBy }),
        })),
        trackingUrl: `${node.publicUrl}/track?code=${encodeURIComponent(d.code)}`,
        bankTransfer: d.payments.length > 0 ? null : node.profile.bankTransfer,
        receivingOfficer: received?.actorName ?? officerName,
      });
    }
    case '02': {
      const request = lastEvent(view, 'dossier.supplement_requested');
      if (request === undefined) return null;
      const p = request.payload as { reason: string; missing: string[] };
      return renderSupplementRequest({
        issuer,
        issuedAt: request.at,
        dossier,
        items: p.missing.map((m) => ({
          name: m,
          requirement: 'Bản chính hoặc bản sao có chứng thực',
        })),
        reason: p.reason,
        officer: request.actorName ?? officerName,
      });
    }
    case '03': {
      if (d.status !== 'refused') return null;
      const refusal = lastEvent(view, 'dossier.refused') ?? lastEvent(view, 'dossier.received');
      return renderIntakeRefusal({
        issuer,
        issuedAt: refusal?.at ?? now,
        dossier: {
          code: d.code,
          procedure: dossier.procedure,
          applicant: dossier.applicant,
          receivedAt: dossier.receivedAt,
        },
        reasons: [d.lastReason ?? ''],
        officer: refusal?.actorName ?? officerName,
      });
    }
    case '04': {
      const extension = lastEvent(view, 'dossier.extended');
      if (extension === undefined) return null;
      const p = extension.payload as { reason: string; newDueAt: string };
      return renderApologyExtension({
        issuer,
        issuedAt: extension.at,
        dossier,
        reason: p.reason,
        newDueAt: p.newDueAt,
        signer: signerFor(node, extension.actorName),
      });
    }
    case '05': {
      const stop = lastEvent(view, 'dossier.stopped');
      if (stop === undefined) return null;
      return renderStopNotice({
        issuer,
        issuedAt: stop.at,
        dossier,
        reason: (stop.payload as { reason: string }).reason,
        signer: signerFor(node, stop.actorName),
      });
    }
    case '06':
      return renderProcessControlSlip({
        issuer,
        issuedAt: now,
        dossier,
        history: historyOf(view, node),
      });
  }
}

function bookData(
  services: Services,
  rows: readonly TrackingBookRow[],
  range: { from: string; to: string },
): TrackingBookData {
  const now = services.clock().toISOString();
  return {
    issuer: issuerOf(services.node),
    issuedAt: now,
    from: range.from,
    to: range.to,
    rows: rows.map((r) => ({
      code: r.code,
      procedure: { code: r.procedureCode, name: r.procedureName },
      applicant: { fullName: r.applicantName },
      receivedAt: r.receivedAt ?? now,
      dueAt: r.extendedDueAt ?? r.dueAt ?? now,
      ...(r.returnedAt === null ? {} : { returnedAt: r.returnedAt }),
      status: r.status,
      ...(r.overdue ? { note: 'Quá hạn' } : {}),
    })),
  };
}

export function renderTrackingBookPdf(
  services: Services,
  rows: readonly TrackingBookRow[],
  range: { from: string; to: string },
): Promise<Buffer> {
  return renderTrackingBook(bookData(services, rows, range));
}

export function trackingBookCsv(
  services: Services,
  rows: readonly TrackingBookRow[],
  range: { from: string; to: string },
): string {
  return bookCsv(bookData(services, rows, range));
}

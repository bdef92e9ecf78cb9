// Sealing civil-status certificates and verifying them (domain/certificate-seal.ts): the hub
// publishes the province key and certifies each commune's key when it enrols; a commune seals
// the certificates it prints with its own key; any node verifies any seal from the keys it
// holds, with no network.
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  certifyUnitKey,
  decodeUnitKeyCertificate,
  ed25519KeyId,
  ed25519PublicKeyFromRaw,
  encodeUnitKeyCertificate,
  payloadFromScannedText,
  rawEd25519PublicKey,
  sealCertificate,
  sealUrl,
  verifySeal,
  type SealFacts,
  type SealRefusalReason,
} from '../domain/certificate-seal.js';
import type { CivilRecord } from '../domain/civil-status.js';
import { formatBook } from '../domain/civil-status.js';
import { vietnamDate } from '../domain/dossiers.js';
import { sealKeyEventTypes } from '../domain/seal-keys.js';
import { recordAudit } from './audit.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

/** The private keys a node seals with: the province's on the hub, the unit's on a commune. */
export interface SealSecrets {
  readonly provinceKey?: KeyObject;
  readonly unitKey?: { readonly privateKey: KeyObject; readonly keyId: string };
}

/** On the hub: publishes the province key (once), so that it reaches every node by sync. */
export async function publishProvinceKey(uc: UseCase, privateKey: KeyObject): Promise<string> {
  const raw = rawEd25519PublicKey(privateKey);
  const keyId = ed25519KeyId(raw);
  const known = await uc.tx.db
    .selectFrom('seal_keys')
    .select('key_id')
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  if (known === undefined)
    await uc.tx.append(
      {
        type: sealKeyEventTypes.provinceKeyPublished,
        entityType: 'seal_key',
        entityId: keyId,
        payload: {
          keyId,
          publicKey: Buffer.from(raw).toString('base64'),
          validFrom: vietnamDate(uc.now),
        },
      },
      { actorId: null },
    );
  return keyId;
}

/**
 * On the hub, when a commune node enrols: certifies the node's key as the unit's sealing key
 * from today. The node's sync key is also its sealing key: one key per office PC to guard,
 * revoked together (docs/civil-status.md).
 */
export async function certifyUnitSealKey(
  uc: UseCase,
  provinceKey: KeyObject,
  input: { unitCode: string; keyId: string; publicKey: KeyObject },
): Promise<void> {
  // The province key is published with the first certificate it signs, so that a hub that
  // has certified nobody (a fresh install, a command-line session) adds nothing to its chain.
  await publishProvinceKey(uc, provinceKey);
  const validFrom = vietnamDate(uc.now);
  const certificate = certifyUnitKey(
    { unitCode: input.unitCode, publicKey: input.publicKey, validFrom },
    provinceKey,
  );
  await uc.tx.append(
    {
      type: sealKeyEventTypes.unitKeyCertified,
      entityType: 'seal_key',
      entityId: input.keyId,
      payload: {
        keyId: input.keyId,
        unitCode: input.unitCode,
        certificate: encodeUnitKeyCertificate(certificate),
        validFrom,
      },
    },
    { actorId: null },
  );
}

/**
 * On the hub at start: certifies every enrolled, unrevoked node whose key has no certificate
 * yet (nodes enrolled before certificates were sealed, or while the hub had no key).
 */
export async function certifyEnrolledNodes(uc: UseCase, provinceKey: KeyObject): Promise<number> {
  const pending = await uc.tx.db
    .selectFrom('sync_nodes')
    .leftJoin('seal_keys', 'seal_keys.key_id', 'sync_nodes.key_id')
    .select(['sync_nodes.key_id', 'sync_nodes.unit_code', 'sync_nodes.public_key'])
    .where('sync_nodes.revoked_at', 'is', null)
    .where('seal_keys.key_id', 'is', null)
    .execute();
  for (const node of pending)
    await certifyUnitSealKey(uc, provinceKey, {
      unitCode: node.unit_code,
      keyId: node.key_id,
      publicKey: createPublicKey({
        key: Buffer.from(node.public_key, 'base64'),
        format: 'der',
        type: 'spki',
      }),
    });
  return pending.length;
}

/** On the hub: withdraws a unit key (its node was revoked or replaced). */
export async function revokeUnitSealKey(uc: UseCase, keyId: string, reason: string): Promise<void> {
  const row = await uc.tx.db
    .selectFrom('seal_keys')
    .select(['revoked_at'])
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null) return;
  await uc.tx.append(
    {
      type: sealKeyEventTypes.unitKeyRevoked,
      entityType: 'seal_key',
      entityId: keyId,
      payload: { keyId, reason },
    },
    { actorId: uc.actor?.id ?? null },
  );
}

/** What a record's certificate seal says. */
export function sealFactsOf(
  record: CivilRecord,
  options: { isCopy: boolean; issuedOn: string },
): SealFacts {
  const common = {
    recordId: record.id,
    serial: record.certificateSerial,
    isCopy: options.isCopy,
    unitCode: record.unitCode,
    book: formatBook(record.book.bookNo, record.book.year),
    number: record.number,
    registeredOn: record.registeredOn,
    issuedOn: options.issuedOn,
  };
  switch (record.kind) {
    case 'birth':
      return {
        ...common,
        kind: 'birth',
        childFullName: record.facts.child.fullName,
        dateOfBirth: record.facts.child.dateOfBirth,
        sex: record.facts.child.sex,
        ...(record.facts.mother === null ? {} : { motherFullName: record.facts.mother.fullName }),
        ...(record.facts.father === null ? {} : { fatherFullName: record.facts.father.fullName }),
      };
    case 'death':
      return {
        ...common,
        kind: 'death',
        deceasedFullName: record.facts.deceased.fullName,
        dateOfBirth: record.facts.deceased.dateOfBirth,
        dateOfDeath: record.facts.dateOfDeath,
      };
    case 'marriage':
      return {
        ...common,
        kind: 'marriage',
        husbandFullName: record.facts.husband.fullName,
        husbandDateOfBirth: record.facts.husband.dateOfBirth,
        wifeFullName: record.facts.wife.fullName,
        wifeDateOfBirth: record.facts.wife.dateOfBirth,
      };
  }
}

/**
 * The QR text of a record's certificate (a verification URL carrying the seal), or null when
 * this node cannot seal yet: it has no key, or the province's certificate of it has not
 * reached it (before the first sync after enrolment). The certificate then prints without.
 */
export async function sealRecord(
  uc: UseCase,
  record: CivilRecord,
  options: { isCopy: boolean },
): Promise<string | null> {
  const unitKey = uc.services.seals?.unitKey;
  if (unitKey === undefined) return null;
  const row = await uc.tx.db
    .selectFrom('seal_keys')
    .select(['certificate', 'unit_code', 'valid_from'])
    .where('key_id', '=', unitKey.keyId)
    .where('kind', '=', 'unit')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const certificate =
    row?.certificate === null || row === undefined
      ? undefined
      : decodeUnitKeyCertificate(row.certificate);
  const issuedOn = vietnamDate(uc.now);
  if (certificate === undefined || certificate.unitCode !== record.unitCode) return null;
  if (issuedOn < certificate.validFrom) return null;
  const payload = sealCertificate(sealFactsOf(record, { ...options, issuedOn }), {
    privateKey: unitKey.privateKey,
    certificate,
  });
  return sealUrl(uc.services.verifyBaseUrl ?? uc.services.node.publicUrl, payload);
}

export type CertificateCheck =
  | { readonly outcome: 'empty' }
  | {
      readonly outcome: 'valid';
      readonly facts: SealFacts;
      /** The register here holds the record, and this is its latest certificate. */
      readonly inRegister: boolean;
    }
  | {
      readonly outcome: 'invalid';
      readonly reason: SealRefusalReason | 'superseded';
      /** What the seal claims, when readable: shown as a claim, never as fact. */
      readonly claimed: SealFacts | null;
    };

/**
 * Verifies a scanned or pasted seal against the keys this node holds: the province keys, the
 * unit keys withdrawn, and — where this node holds the record — whether a later certificate
 * (after a correction) replaced it. Anyone may ask; each check is audited.
 */
export async function verifyCertificate(uc: UseCase, scanned: string): Promise<CertificateCheck> {
  authorize(uc, 'civil.verify', subjectIn(uc.services, uc.services.node.unitCode), {
    type: 'civil_record',
    id: null,
  });
  const text = payloadFromScannedText(scanned.trim());
  if (scanned.trim() === '') return { outcome: 'empty' };
  const keys = await uc.tx.db.selectFrom('seal_keys').selectAll().execute();
  const provinceKeys = keys
    .filter((k) => k.kind === 'province' && k.revoked_at === null && k.public_key !== null)
    .map((k) => ed25519PublicKeyFromRaw(Buffer.from(k.public_key ?? '', 'base64')));
  const revokedUnitKeys = new Set(
    keys.filter((k) => k.kind === 'unit' && k.revoked_at !== null).map((k) => k.key_id),
  );
  const result =
    text === undefined
      ? ({ ok: false, reason: 'malformed' } as const)
      : verifySeal(text, { provinceKeys, revokedUnitKeys, today: vietnamDate(uc.now) });
  let check: CertificateCheck;
  if (!result.ok)
    check = { outcome: 'invalid', reason: result.reason, claimed: result.facts ?? null };
  else {
    const held = await uc.tx.db
      .selectFrom('civil_records')
      .select('state')
      .where('id', '=', result.facts.recordId)
      .executeTakeFirst();
    const serial =
      held === undefined ? null : (JSON.parse(held.state) as CivilRecord).certificateSerial;
    check =
      serial !== null && result.facts.serial < serial
        ? { outcome: 'invalid', reason: 'superseded', claimed: result.facts }
        : { outcome: 'valid', facts: result.facts, inRegister: serial !== null };
  }
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'civil.verify',
    subjectType: 'civil_record',
    subjectId: check.outcome === 'valid' ? check.facts.recordId : null,
    outcome: check.outcome === 'valid' ? 'ok' : 'denied',
  });
  return check;
}

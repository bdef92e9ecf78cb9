// Attachments between communes and the hub (issue 4 §3): they move after the events that cite
// them, in content-addressed chunks; a broken transfer resumes from the bytes the hub holds and
// never sends an acknowledged byte again; a transferred dossier's scans reach the deciding
// commune; and the hub refuses what a node may not upload or fetch, storing nothing.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeAtCounter, readAttachment, storeAttachment } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { forEachDialect, type DialectUnderTest } from '../../test/dialects.js';
import {
  birthIntake,
  startCommune,
  startHub,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { createHubClient, type HubClient } from './client.js';
import { loadOrCreateNodeKey } from './keys.js';

const meta = { ip: null };

/** A "scanned" PDF of `size` bytes: the PDF signature, then noise that does not compress. */
function scan(size: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

forEachDialect('attachment sync', (dialect: DialectUnderTest) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    await hub.close();
  });
  const commune = async (unit: string, options: Parameters<typeof startCommune>[2] = {}) => {
    const node = await startCommune(unit, hub.url, { token: await hub.token(unit), ...options });
    nodes.push(node);
    await node.worker.syncOnce(); // enrolled, staff received
    return node;
  };

  /** The node's desk stores a scan and receives a birth registration citing it. */
  async function intakeWithScan(node: TestCommune, competent: string, content: Buffer) {
    const officer = await node.actor('receiving_officer');
    const { hash } = await runUseCase(node.services, officer, meta, (uc) =>
      storeAttachment(uc, content),
    );
    const dossier = await runUseCase(node.services, officer, meta, (uc) =>
      intakeAtCounter(uc, birthIntake(competent, [hash])),
    );
    return { hash, dossier };
  }

  async function atHub(hash: string) {
    return hub.services.storage.db
      .selectFrom('attachments')
      .select(['size', 'media_type', 'content'])
      .where('hash', '=', hash)
      .executeTakeFirst();
  }

  const chunksAtHub = async (hash: string) =>
    (
      await hub.services.storage.db
        .selectFrom('attachment_chunks')
        .select('byte_offset')
        .where('hash', '=', hash)
        .orderBy('byte_offset')
        .execute()
    ).map((r) => r.byte_offset);

  /** A client with the node's own key, for requests the worker would never make. Its counters
   * start far above the worker's, so use it only after the worker's last round. */
  async function directClient(node: TestCommune): Promise<HubClient> {
    let counter = 1_000_000;
    return createHubClient({
      hubUrl: hub.url,
      key: await loadOrCreateNodeKey(node.dir),
      nextCounter: () => Promise.resolve(++counter),
      clock: node.clock.now,
      timeoutMs: 5_000,
    });
  }

  it('sends a scan after its dossier, in chunks, and never again once the hub holds it', async () => {
    const node = await commune('20242', { attachmentChunkBytes: 64 * 1024 });
    const content = scan(300 * 1024);
    const { hash } = await intakeWithScan(node, '20242', content);
    const round = await node.worker.syncOnce();
    expect(round).toMatchObject({ pushed: 1, filesSent: 1, bytesSent: content.length });
    const held = await atHub(hash);
    expect(held?.size).toBe(content.length);
    expect(held?.media_type).toBe('application/pdf');
    expect(sha256(Buffer.from(held?.content ?? Buffer.alloc(0)))).toBe(hash);
    expect(await chunksAtHub(hash)).toEqual([]);
    expect(node.worker.status()).toMatchObject({ filesWaiting: 0 });
    // The hub's audit trail records which node delivered the scan.
    const audit = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_id', 'actor_id'])
      .where('action', '=', 'attachment.sync_receive')
      .execute();
    expect(audit).toEqual([
      {
        action: 'attachment.sync_receive',
        subject_id: hash,
        actor_id: expect.stringMatching(/^node:[0-9a-f]{32}$/),
      },
    ]);
    // Acknowledged: the next rounds neither offer nor send it.
    const requests = async () =>
      Number(
        (
          await hub.services.storage.db
            .selectFrom('sync_receipts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'attachment')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await requests();
    expect(await node.worker.syncOnce()).toMatchObject({ bytesSent: 0, filesSent: 0 });
    expect(await requests()).toBe(before);
  });

  it('resumes a broken transfer from the bytes the hub holds, sending each byte once', async () => {
    // A budget of two chunks a round stands for a link that breaks after two chunks.
    const node = await commune('20242', {
      attachmentChunkBytes: 64 * 1024,
      attachmentBudgetBytes: 128 * 1024,
    });
    const content = scan(400 * 1024);
    const { hash } = await intakeWithScan(node, '20242', content);
    const first = await node.worker.syncOnce();
    expect(first).toMatchObject({ filesSent: 0, bytesSent: 128 * 1024 });
    expect(await chunksAtHub(hash)).toEqual([0, 64 * 1024]);
    expect(await atHub(hash)).toBeUndefined();
    expect(node.worker.status()).toMatchObject({ filesWaiting: 1 });
    // The link goes down: the round fails, the chunks held stay.
    await hub.down();
    await expect(node.worker.syncOnce()).rejects.toMatchObject({ kind: 'network' });
    await hub.up();
    let sent = first.bytesSent;
    for (let round = 0; round < 5 && (await atHub(hash)) === undefined; round++)
      sent += (await node.worker.syncOnce()).bytesSent;
    expect(sent).toBe(content.length);
    expect(sha256(Buffer.from((await atHub(hash))?.content ?? Buffer.alloc(0)))).toBe(hash);
    expect(node.worker.status()).toMatchObject({ filesWaiting: 0 });
  });

  it('answers a chunk sent twice (its answer lost) with where to resume, storing it once', async () => {
    const node = await commune('20242', {
      attachmentChunkBytes: 64 * 1024,
      attachmentBudgetBytes: 64 * 1024,
    });
    const content = scan(100 * 1024);
    const { hash } = await intakeWithScan(node, '20242', content);
    await node.worker.syncOnce();
    await node.close();
    nodes.splice(nodes.indexOf(node), 1);
    const client = await directClient(node);
    const again = client.sendAttachmentChunk({
      hash,
      size: content.length,
      mediaType: 'application/pdf',
      offset: 0,
      content: content.subarray(0, 64 * 1024).toString('base64'),
    });
    await expect(again).rejects.toMatchObject({ refusal: 'attachment_offset', ack: 64 * 1024 });
    expect(await chunksAtHub(hash)).toEqual([0]);
    const rest = await client.sendAttachmentChunk({
      hash,
      size: content.length,
      mediaType: 'application/pdf',
      offset: 64 * 1024,
      content: content.subarray(64 * 1024).toString('base64'),
    });
    expect(rest).toEqual({ received: content.length, complete: true });
    // Complete: the same chunk again changes nothing and says so.
    expect(
      await client.sendAttachmentChunk({
        hash,
        size: content.length,
        mediaType: 'application/pdf',
        offset: 64 * 1024,
        content: content.subarray(64 * 1024).toString('base64'),
      }),
    ).toEqual({ received: content.length, complete: true });
  });

  it('brings a transferred dossier’s scan down to the commune that decides it', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const content = scan(200 * 1024);
    // Hải Châu's desk receives a birth registration for Bà Nà, with the declaration scanned.
    const { hash, dossier } = await intakeWithScan(haiChau, '20308', content);
    await haiChau.worker.syncOnce();
    const round = await baNa.worker.syncOnce();
    expect(round).toMatchObject({ filesReceived: 1, bytesReceived: content.length });
    // Bà Nà's specialist opens the scan, offline from now on.
    await hub.down();
    const opened = await runUseCase(baNa.services, await baNa.actor('specialist'), meta, (uc) =>
      readAttachment(uc, hash),
    );
    expect(sha256(Buffer.from(opened.content))).toBe(hash);
    const owner = await baNa.services.storage.db
      .selectFrom('dossiers')
      .select('unit_code')
      .where('id', '=', dossier.id)
      .executeTakeFirstOrThrow();
    expect(owner.unit_code).toBe('20308');
    await hub.up();
    // Bà Nà does not send back what it fetched; Hải Châu has nothing more to send either.
    expect(await baNa.worker.syncOnce()).toMatchObject({ bytesSent: 0, bytesReceived: 0 });
    expect(await haiChau.worker.syncOnce()).toMatchObject({ bytesSent: 0, bytesReceived: 0 });
  });

  describe('refusals: nothing stored', () => {
    it('takes no scan that no dossier of the node cites, and hands none out', async () => {
      const haiChau = await commune('20242');
      const baNa = await commune('20308');
      const content = scan(50 * 1024);
      const { hash } = await intakeWithScan(haiChau, '20242', content);
      await haiChau.worker.syncOnce();
      const stray = scan(10 * 1024);
      const client = await directClient(baNa);
      // Offered by a node none of whose dossiers cites it: unknown; sent anyway: refused.
      expect(
        await client.offerAttachments({
          attachments: [{ hash: sha256(stray), size: stray.length, mediaType: 'application/pdf' }],
        }),
      ).toEqual({ attachments: [{ hash: sha256(stray), state: 'unknown', received: 0 }] });
      await expect(
        client.sendAttachmentChunk({
          hash: sha256(stray),
          size: stray.length,
          mediaType: 'application/pdf',
          offset: 0,
          content: stray.toString('base64'),
        }),
      ).rejects.toMatchObject({ refusal: 'attachment_unknown' });
      expect(await chunksAtHub(sha256(stray))).toEqual([]);
      // Hải Châu's own scan is not Bà Nà's to fetch.
      await expect(
        client.fetchAttachmentChunk({ hash, offset: 0, length: 1024 }),
      ).rejects.toMatchObject({ refusal: 'attachment_unknown' });
      const reads = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select('action')
        .where('action', '=', 'attachment.sync_send')
        .execute();
      expect(reads).toEqual([]);
    });

    it('drops bytes that do not hash to the scan’s name', async () => {
      const node = await commune('20242', { attachmentBudgetBytes: 0 });
      const content = scan(20 * 1024);
      const { hash } = await intakeWithScan(node, '20242', content);
      await node.worker.syncOnce(); // the dossier, not the scan
      await node.close();
      nodes.splice(nodes.indexOf(node), 1);
      const client = await directClient(node);
      const forged = Buffer.from(content);
      const last = forged.length - 1;
      forged.writeUInt8(forged.readUInt8(last) ^ 0xff, last);
      await expect(
        client.sendAttachmentChunk({
          hash,
          size: forged.length,
          mediaType: 'application/pdf',
          offset: 0,
          content: forged.toString('base64'),
        }),
      ).rejects.toMatchObject({ refusal: 'attachment_corrupt' });
      expect(await atHub(hash)).toBeUndefined();
      expect(await chunksAtHub(hash)).toEqual([]);
      // A chunk running past the size it claims is refused too.
      await expect(
        client.sendAttachmentChunk({
          hash,
          size: 10,
          mediaType: 'application/pdf',
          offset: 0,
          content: content.toString('base64'),
        }),
      ).rejects.toMatchObject({ refusal: 'attachment_corrupt' });
      expect(await chunksAtHub(hash)).toEqual([]);
    });
  });
});

// `motcua serve`: one node (commune or province hub) on one port, until SIGINT or SIGTERM.
import { buildApp } from '../http/app.js';
import { checkServeConfig, type ServeConfig } from './config.js';
import { cookieSecret, openNodeServices } from './node-services.js';
import { loadAdminUnits } from '../storage/reference-data.js';
import { version } from './version.js';
import { createSyncWorker } from '../sync/worker.js';
import { createInterlinkDelivery } from '../integrations/interlink-delivery.js';
import { RecordingInterlinkAdapter } from '../integrations/recording-interlink-adapter.js';
import { createNotificationDelivery } from '../integrations/notification-delivery.js';
import { RecordingNotificationAdapter } from '../integrations/recording-notification-adapter.js';
import { createPortalSyncDelivery } from '../integrations/portal-sync-delivery.js';
import { RecordingPortalSyncAdapter } from '../integrations/recording-portal-adapter.js';

export async function serve(config: ServeConfig, log: (line: string) => void): Promise<number> {
  const units = loadAdminUnits();
  const problems = checkServeConfig(config, (code) => units.unit(code) !== undefined);
  if (problems.length > 0) {
    for (const p of problems) log(`motcua: ${p}`);
    return 2;
  }
  const { services } = await openNodeServices({
    role: config.role,
    unit: config.unit,
    data: config.data,
    databaseUrl: config.databaseUrl,
    sessionHours: config.sessionHours,
    units,
    publicUrl:
      config.publicUrl ??
      `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`,
    verifyBaseUrl: config.portalUrl ?? config.hubUrl,
    notifyPhoneChannel: config.notifyPhoneChannel,
  });
  // A commune node with a hub syncs in the background; the desk never waits for it.
  const worker =
    config.hubUrl === undefined
      ? null
      : createSyncWorker({
          services,
          dataDir: config.data,
          hubUrl: config.hubUrl,
          enrolmentToken: config.enrolmentToken,
          idleMs: config.syncIdleSeconds * 1000,
          log: (line) => {
            app.log.info(line);
          },
        });
  // A commune node passes the inter-linked procedures on (liên thông, docs/interlink.md). No
  // recipient system is reachable yet: the recording adapter writes what it would send.
  const interlink =
    config.role === 'commune'
      ? createInterlinkDelivery({
          services,
          adapter: new RecordingInterlinkAdapter(config.data),
          log: (line) => {
            app.log.info(line);
          },
        })
      : null;
  // Every node tells applicants of their dossiers' changes (online filings happen at the hub);
  // the hub alone syncs the province's dossiers with the national portal. No gateway or portal
  // is reachable yet: the recording adapters write what they would send (docs/notifications.md).
  const logLine = (line: string) => {
    app.log.info(line);
  };
  const notifications = createNotificationDelivery({
    services,
    adapter: new RecordingNotificationAdapter(config.data),
    log: logLine,
  });
  const portalSync =
    config.role === 'province'
      ? createPortalSyncDelivery({
          services,
          adapter: new RecordingPortalSyncAdapter(config.data),
          log: logLine,
        })
      : null;
  const app = await buildApp({
    services,
    units,
    version,
    bodyLimit: config.bodyLimit,
    secureCookies: config.secureCookies,
    cookieSecret: await cookieSecret(config.data, config.cookieSecret),
    logger: { level: config.logLevel },
    trackLookupsPerMinute: config.trackLookupsPerMinute,
    ...(worker === null ? {} : { syncStatus: () => worker.status() }),
  });
  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      app.log.info({ signal }, 'stopping');
      await worker?.stop();
      await interlink?.stop();
      await notifications.stop();
      await portalSync?.stop();
      await app.close();
      await services.storage.close();
    })();
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        void stop(signal).then(resolve);
      });
  });
  await app.listen({ port: config.port, host: config.host });
  worker?.start();
  interlink?.start();
  notifications.start();
  portalSync?.start();
  app.log.info(
    {
      role: config.role,
      unit: config.unit,
      name: services.node.unitName,
      database: services.storage.dialect,
    },
    'Một Cửa node ready',
  );
  await done;
  return 0;
}
